/** The versions of one matter (事项版本), newest first: limits, materials, flow and the reason of each change. */
import { Descriptions, Drawer, List, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../../components/useLoad.ts';
import { getVersion, type MatterView } from './catalogue-api.ts';

export function flowText(t: (k: string) => string, m: Pick<MatterView, 'flow'>): string {
  return m.flow.map((s) => `${s.name}（${s.departments.map((d) => t(`approvals.catalogue.departments.${d}`)).join(s.kind === 'parallel' ? ' ∥ ' : '')}${s.pausesClock ? ' · ⏸' : ` · ${s.limitDays}`}）`).join(' → ');
}

export default function MatterVersions({ matter, onClose }: { matter: MatterView | null; onClose(): void }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`approvals.catalogue.${k}`);
  const versions = useLoad(async () => {
    if (!matter) return [];
    const all = await Promise.all(Array.from({ length: matter.version }, (_, i) => getVersion(matter.code, i + 1)));
    return all.reverse();
  }, [matter?.code, matter?.version]);
  return (
    <Drawer open={matter !== null} onClose={onClose} size="large" width={760} title={matter ? t('approvals.catalogue.versionsTitle', { code: matter.code, name: matter.name }) : ''}>
      <Timeline items={(versions.data ?? []).map((v) => ({
        key: v.version,
        color: v.version === matter?.version ? 'green' : 'gray',
        content: (
          <div data-testid={`version-${v.version}`}>
            <Space>
              <Typography.Text strong>{t('approvals.catalogue.versionN', { n: v.version })}</Typography.Text>
              {v.version === matter?.version && <Tag color="green">{c('current')}</Tag>}
              <Typography.Text type="secondary">{dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            </Space>
            <Descriptions size="small" column={2} style={{ marginTop: 8 }} items={[
              { key: 'note', label: c('fields.note'), span: 2, children: v.note ?? '—' },
              { key: 'name', label: c('fields.name'), children: v.name },
              { key: 'days', label: c('limits'), children: t('approvals.catalogue.limitsText', { promised: v.promisedDays, statutory: v.statutoryDays }) },
              { key: 'flow', label: c('flowTitle'), span: 2, children: flowText(t, v) || '—' },
              { key: 'materials', label: c('materialsTitle'), span: 2, children: (
                <List size="small" dataSource={v.materials} renderItem={(m) => (
                  <List.Item style={{ padding: '2px 0' }}>{m.name}{m.required ? '' : `（${c('material.optional')}）`} · {m.form === 'original' ? c('material.original') : c('material.copy')} · {m.pages}</List.Item>
                )} />
              ) },
            ]} />
          </div>
        ),
      }))} />
    </Drawer>
  );
}
