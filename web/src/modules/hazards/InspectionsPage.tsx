/** 三查 inspections (汛前排查 / 汛中检查 / 汛后核查): the tasks of the scope, filtered, each with its field record. */
import { Descriptions, Drawer, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { scopeCode } from './SiteRegisterModal.tsx';

type Round = 'pre_flood' | 'in_flood' | 'post_flood';
type LocalText = { 'zh-CN': string; 'en-US': string };
interface Inspection {
  id: string; siteId: number; siteNo: string; siteName: string; location: string; townshipCode: string; townshipName: string | null; round: Round; year: number;
  dueOn: string; status: 'open' | 'done'; overdue: boolean; recordId: string | null; recordedAt: string | null; doneAt: string | null; inspector: string | null;
}
interface Detail extends Omit<Inspection, 'inspector'> {
  record: null | {
    recordId: string; inspector: string; signed: boolean; distanceM: number | null;
    position: { lon: number; lat: number; accuracyM: number | null } | null;
    photos: { sha256: string; takenAt: string; distanceM: number | null; far: boolean }[];
    values: { name: string; label: LocalText; value: LocalText | string | number | boolean | null }[];
  };
}
const ROUNDS: Round[] = ['pre_flood', 'in_flood', 'post_flood'];
const STATES = ['open', 'overdue', 'done'] as const;

function InspectionRecord({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const d = useLoad(() => api.get<Detail>(`/api/hazards/inspections/${id}`), [id]);
  const x = d.data;
  if (!x) return null;
  const r = x.record;
  const show = (v: LocalText | string | number | boolean | null) =>
    v === null ? '—' : typeof v === 'boolean' ? t(v ? 'hazards.inspections.yes' : 'hazards.inspections.no') : typeof v === 'object' ? v[lang] : String(v);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large" data-testid="inspection-detail">
      <Descriptions size="small" bordered column={1} title={`${x.siteNo} ${x.siteName}`}>
        <Descriptions.Item label={t('hazards.inspections.round')}>{x.year} {t(`hazards.inspections.rounds.${x.round}`)}</Descriptions.Item>
        <Descriptions.Item label={t('hazards.inspections.township')}>{x.townshipName ?? x.townshipCode} · {x.location}</Descriptions.Item>
        <Descriptions.Item label={t('hazards.inspections.dueOn')}>{x.dueOn}</Descriptions.Item>
      </Descriptions>
      {r ? (
        <Descriptions size="small" bordered column={1} title={t('hazards.inspections.record')} data-testid="inspection-record">
          <Descriptions.Item label={t('hazards.inspections.inspector')}>{r.inspector}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.inspections.recordedAt')}>{x.recordedAt ? dayjs(x.recordedAt).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
          {r.values.map((v) => <Descriptions.Item key={v.name} label={v.label[lang]}>{show(v.value)}</Descriptions.Item>)}
          <Descriptions.Item label={t('hazards.inspections.position')}>
            {r.position ? `${r.position.lon.toFixed(5)}, ${r.position.lat.toFixed(5)}` : '—'}
            {r.distanceM !== null && ` · ${r.distanceM === 0 ? t('hazards.inspections.atSite') : t('hazards.inspections.metres', { n: Math.round(r.distanceM) })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.inspections.photos')}>
            <Space wrap size={4}>
              {r.photos.length === 0 ? '—' : r.photos.map((p, i) => (
                <Tag key={p.sha256 + i} color={p.far ? 'orange' : undefined}>{t('hazards.inspections.photo', { n: i + 1, at: dayjs(p.takenAt).format('MM-DD HH:mm') })}{p.far ? ` · ${t('hazards.inspections.far')}` : ''}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.inspections.signature')}>{t(r.signed ? 'hazards.inspections.yes' : 'hazards.inspections.no')}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.inspections.recordId')}><Typography.Text code copyable>{r.recordId}</Typography.Text></Descriptions.Item>
        </Descriptions>
      ) : <Empty description={t('hazards.inspections.noRecord')} />}
    </Space>
  );
}

export default function InspectionsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const round = params.get('round') ?? undefined;
  const status = params.get('status') ?? undefined;
  const township = params.get('township') ?? undefined;
  const openId = params.get('task');
  const set = (k: string, v: string | null | undefined) => setParams((p) => { if (v) p.set(k, v); else p.delete(k); return p; });
  const county = scopeCode(me.posts.find((p) => p.id === me.activePostId)?.scopePath);
  const townships = useLoad(() => (county ? api.get<{ code: string; name: string }[]>('/api/divisions', { parent: county }) : Promise.resolve([])), [county]);
  const list = useLoad(() => api.get<Inspection[]>('/api/hazards/inspections', { ...(round ? { round } : {}), ...(status ? { status } : {}), ...(township ? { townshipCode: township } : {}) }), [round, status, township]);
  const filter = (label: string, key: string, value: string | undefined, options: { value: string; label: string }[]) => (
    <Select allowClear aria-label={label} placeholder={label} style={{ minWidth: 150 }} value={value} onChange={(v: string | undefined) => set(key, v)} options={options} />
  );
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('hazards.inspections.title')}</Typography.Title>
      <Typography.Paragraph>{t('hazards.inspections.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {filter(t('hazards.inspections.round'), 'round', round, ROUNDS.map((r) => ({ value: r, label: t(`hazards.inspections.rounds.${r}`) })))}
        {filter(t('hazards.inspections.state'), 'status', status, STATES.map((s) => ({ value: s, label: t(`hazards.inspections.states.${s}`) })))}
        {filter(t('hazards.inspections.township'), 'township', township, (townships.data ?? []).map((d) => ({ value: d.code, label: d.name })))}
      </Space>
      <Table<Inspection> rowKey="id" loading={list.loading} dataSource={list.data ?? []} size="middle" scroll={{ x: 900 }} pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('hazards.inspections.none') }}
        columns={[
          { title: t('hazards.inspections.site'), render: (_: unknown, r) => <span>{r.siteNo}<br /><Typography.Text type="secondary">{r.siteName}</Typography.Text></span> },
          { title: t('hazards.inspections.round'), render: (_: unknown, r) => `${r.year} ${t(`hazards.inspections.rounds.${r.round}`)}` },
          { title: t('hazards.inspections.township'), render: (_: unknown, r) => r.townshipName ?? r.townshipCode },
          { title: t('hazards.inspections.dueOn'), dataIndex: 'dueOn' },
          {
            title: t('hazards.inspections.state'), render: (_: unknown, r) => (r.status === 'done'
              ? <Tag color="green">{t('hazards.inspections.states.done')}</Tag>
              : r.overdue ? <Tag color="red">{t('hazards.inspections.states.overdue')}</Tag> : <Tag color="blue">{t('hazards.inspections.states.open')}</Tag>),
          },
          { title: t('hazards.inspections.inspector'), render: (_: unknown, r) => (r.inspector ? `${r.inspector} ${r.recordedAt ? dayjs(r.recordedAt).format('MM-DD HH:mm') : ''}` : '—') },
          {
            title: t('hazards.inspections.record'), render: (_: unknown, r) => (
              <a href={`?${new URLSearchParams({ ...Object.fromEntries(params), task: r.id }).toString()}`}
                onClick={(e) => { e.preventDefault(); set('task', r.id); }}
                aria-label={t(r.recordId ? 'hazards.inspections.viewRecord' : 'hazards.inspections.viewTask', { site: r.siteNo })}>
                {t(r.recordId ? 'hazards.inspections.view' : 'hazards.inspections.details')}
              </a>
            ),
          },
        ]} />
      <Drawer open={openId !== null} onClose={() => set('task', null)} width="min(720px, 100vw)" title={t('hazards.inspections.detailTitle')} destroyOnHidden>
        {openId && <InspectionRecord id={openId} />}
      </Drawer>
    </div>
  );
}
