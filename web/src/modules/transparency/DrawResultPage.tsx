/**
 * 中介机构随机抽取结果公示 (public): the result of a draw with every input — the pool published
 * before it, the secret commitment and the revealed secret, the checkpoint and the owner's
 * number — and the record to download for `node tools/verify.ts draw`.
 */
import { Button, Card, Descriptions, Result, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';

interface Agency { agencyId: number; code: string; name: string }
interface DrawView {
  drawNo: string; projectName: string; projectOwner: string; serviceTypeName: string; status: 'pool_frozen' | 'drawn' | 'confirmed' | 'exhausted';
  pool: Agency[]; poolHash: string; secretCommitment: string; secret: string | null; checkpoint: { size: number; root: string; note: string } | null;
  ownerNumber: string | null; seed: string | null; order: number[]; selectedAgencyId: number | null;
  events: { kind: 'frozen' | 'drawn' | 'confirmed' | 'declined' | 'timed_out'; agencyId: number | null; reason: string | null; entryIdx: number | null; at: string }[];
}

const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace' };

export default function DrawResultPage() {
  const { t } = useTranslation();
  const { drawNo = '' } = useParams();
  const d = useLoad(() => api.get<DrawView>(`/api/public/selection/draws/${encodeURIComponent(drawNo)}`), [drawNo]);
  const name = (id: number | null) => d.data?.pool.find((a) => a.agencyId === id)?.name ?? '—';
  if (d.error) return <PublicShell width={960}><Result status="warning" title={errorText(t, d.error)} /></PublicShell>;
  const v = d.data;
  return (
    <PublicShell width={960}>
      <Typography.Title level={2}>{t('transparency.draw.title')}</Typography.Title>
      <Card loading={d.loading} style={{ marginBottom: 16 }}>
        {v && (
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label="No.">{v.drawNo}</Descriptions.Item>
            <Descriptions.Item label={t('transparency.draw.project')}>{v.projectName}</Descriptions.Item>
            <Descriptions.Item label={t('transparency.draw.owner')}>{v.projectOwner}</Descriptions.Item>
            <Descriptions.Item label={t('transparency.draw.serviceType')}>{v.serviceTypeName}</Descriptions.Item>
            <Descriptions.Item label={t('transparency.draw.status')}><Tag color={v.status === 'confirmed' ? 'green' : 'blue'}>{t(`transparency.draw.statuses.${v.status}`)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('transparency.draw.selected')}><strong data-testid="draw-selected">{name(v.selectedAgencyId)}</strong></Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {v && (
        <>
          <Card title={t('transparency.draw.inputs')} style={{ marginBottom: 16 }}
            extra={<Button icon={<DownloadOutlined />} href={`/api/public/selection/draws/${encodeURIComponent(v.drawNo)}/record.json`} data-testid="draw-download">{t('transparency.draw.download')}</Button>}>
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('transparency.draw.commitment')}><Typography.Text code style={mono}>{v.secretCommitment}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('transparency.draw.secret')}><Typography.Text code style={mono} data-testid="draw-secret">{v.secret}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('transparency.draw.checkpoint', { size: v.checkpoint?.size ?? 0 })}><Typography.Text code style={mono}>{v.checkpoint?.root}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('transparency.draw.ownerNumber')}>{v.ownerNumber ?? t('transparency.draw.none')}</Descriptions.Item>
              <Descriptions.Item label={t('transparency.draw.seed')}><Typography.Text code style={mono} data-testid="draw-seed">{v.seed}</Typography.Text></Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('transparency.draw.verifyHint')}</Typography.Paragraph>
          </Card>
          <Card title={t('transparency.draw.order')} style={{ marginBottom: 16 }}>
            <Table<Agency & { rank: number }> rowKey="agencyId" size="small" pagination={false} scroll={{ x: true }}
              dataSource={v.order.map((id, i) => ({ rank: i + 1, ...(v.pool.find((a) => a.agencyId === id) ?? { agencyId: id, code: '', name: '' }) }))}
              columns={[{ title: '#', dataIndex: 'rank', width: 50 }, { title: t('transparency.draw.pool'), dataIndex: 'name' }, { title: 'USCC', dataIndex: 'code', width: 200 }]} />
          </Card>
          <Card title={t('transparency.draw.events')}>
            <Timeline items={v.events.map((e) => ({
              content: <Space wrap>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}<span>{t(`transparency.draw.eventKinds.${e.kind}`)}</span>{e.agencyId !== null && <span>{name(e.agencyId)}</span>}{e.reason && <span>（{e.reason}）</span>}{e.entryIdx !== null && <Tag>{t('transparency.draw.logEntry', { index: e.entryIdx })}</Tag>}</Space>,
            }))} />
          </Card>
        </>
      )}
    </PublicShell>
  );
}
