/**
 * 随机抽取 (selection.draw.read; organising needs selection.draw.run): create a draw (project,
 * owner, service type) → preview the pool the criteria give → freeze it, which publishes the pool
 * and the commitment to the server secret to the transparency log → draw (the owner may add a
 * number) → the selected agency confirms within the configured time, or declines and the next in
 * the drawn order is taken with the reason logged → the public result page.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { SERVICE_TYPES, selectionApi, type DrawStatus, type DrawSummary, type DrawView, type PoolEntry } from './selection-api.ts';

const STATUS_COLOR: Record<DrawStatus, string> = { pool_frozen: 'blue', drawn: 'gold', confirmed: 'green', exhausted: 'red' };
const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace', fontSize: 12 };
interface NewDraw { projectName: string; projectOwner: string; serviceType: string; confirmHours: number }
type Preview = { pool: PoolEntry[]; excluded: { agencyId: number; name: string; reason: string }[] };

export default function DrawsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canRun = can('selection.draw.run');
  const screens = Grid.useBreakpoint();
  const [creating, setCreating] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [openNo, setOpenNo] = useState<string | null>(null);
  const [ownerNumber, setOwnerNumber] = useState('');
  const [declineReason, setDeclineReason] = useState('');
  const [form] = Form.useForm<NewDraw>();
  const draws = useLoad(() => selectionApi.draws(), []);
  const detail = useLoad(() => (openNo ? selectionApi.draw(openNo) : Promise.resolve(null)), [openNo]);
  const typeOptions = SERVICE_TYPES.map((s) => ({ value: s, label: t(`selection.serviceTypes.${s}`) }));

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await fn();
      if (done) message.success(done);
      await Promise.all([draws.reload(), detail.reload()]);
    } catch (e) {
      showError(t, e, message, creating ? form : undefined);
    } finally {
      setBusy(false);
    }
  };

  const doPreview = async () => {
    const v = await form.validateFields();
    await act(async () => setPreview(await selectionApi.previewPool(v.serviceType, v.projectOwner)));
  };
  const freeze = async () => {
    const v = await form.validateFields();
    await act(async () => {
      const d = await selectionApi.freeze(v);
      setCreating(false);
      setPreview(null);
      setOpenNo(d.drawNo);
    }, t('selection.draws.frozen'));
  };

  const v: DrawView | null = detail.data ?? null;
  const name = (id: number | null) => v?.pool.find((a) => a.agencyId === id)?.name ?? '—';

  return (
    <Card title={<Space><ThunderboltOutlined />{t('selection.draws.title')}</Space>}
      extra={canRun && <Button type="primary" icon={<PlusOutlined />} data-testid="draw-new"
        onClick={() => { form.resetFields(); setPreview(null); setCreating(true); }}>{t('selection.draws.new')}</Button>}>
      <Typography.Paragraph type="secondary">{t('selection.draws.intro')}</Typography.Paragraph>
      <Table<DrawSummary>
        rowKey="drawNo" size="small" loading={draws.loading} dataSource={draws.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 800 }}
        locale={{ emptyText: t('selection.draws.none') }}
        columns={[
          { title: t('selection.draws.drawNo'), dataIndex: 'drawNo', render: (no: string) => <Button type="link" size="small" onClick={() => setOpenNo(no)}>{no}</Button> },
          { title: t('selection.draws.project'), dataIndex: 'projectName' },
          { title: t('selection.draws.serviceType'), dataIndex: 'serviceType', render: (s: string) => t(`selection.serviceTypes.${s}`) },
          { title: t('selection.draws.status'), dataIndex: 'status', render: (s: DrawStatus) => <Tag color={STATUS_COLOR[s]}>{t(`selection.drawStatus.${s}`)}</Tag> },
          { title: t('selection.draws.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
        ]}
      />

      <Modal open={creating} title={t('selection.draws.newTitle')} destroyOnHidden width={720} onCancel={() => setCreating(false)}
        footer={<Space>
          <Button onClick={() => setCreating(false)}>{t('selection.draws.cancel')}</Button>
          <Button loading={busy} onClick={() => void doPreview()} data-testid="draw-preview">{t('selection.draws.preview')}</Button>
          <Button type="primary" loading={busy} disabled={!preview?.pool.length} onClick={() => void freeze()} data-testid="draw-freeze">{t('selection.draws.freeze')}</Button>
        </Space>}>
        <Form form={form} layout="vertical" initialValues={{ confirmHours: 48 }} onValuesChange={() => setPreview(null)}>
          <Form.Item name="projectName" label={t('selection.draws.project')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="projectOwner" label={t('selection.draws.owner')} extra={t('selection.draws.ownerHint')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="serviceType" label={t('selection.draws.serviceType')} rules={[{ required: true }]}><Select style={{ width: 260 }} options={typeOptions} /></Form.Item>
            <Form.Item name="confirmHours" label={t('selection.draws.confirmHours')} rules={[{ required: true }]}><InputNumber min={1} max={720} precision={0} /></Form.Item>
          </Space>
        </Form>
        {preview && (
          <div data-testid="draw-pool-preview">
            <Typography.Title level={5}>{t('selection.draws.poolPreview', { count: preview.pool.length })}</Typography.Title>
            {preview.pool.length === 0 && <Alert type="warning" showIcon title={t('selection.draws.poolEmpty')} />}
            <List size="small" bordered dataSource={preview.pool} renderItem={(a) => <List.Item>{a.name} <Typography.Text type="secondary">{a.code}</Typography.Text></List.Item>} />
            {preview.excluded.length > 0 && <>
              <Typography.Title level={5} style={{ marginTop: 12 }}>{t('selection.draws.excluded')}</Typography.Title>
              <List size="small" bordered dataSource={preview.excluded} renderItem={(a) => <List.Item>{a.name}：{a.reason}</List.Item>} />
            </>}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('selection.draws.freezeHint')}</Typography.Paragraph>
          </div>
        )}
      </Modal>

      <Drawer open={openNo !== null} onClose={() => setOpenNo(null)} size={screens.md ? 'large' : 'default'} title={openNo ?? ''} destroyOnHidden>
        {v && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('selection.draws.project')}>{v.projectName}</Descriptions.Item>
              <Descriptions.Item label={t('selection.draws.owner')}>{v.projectOwner}</Descriptions.Item>
              <Descriptions.Item label={t('selection.draws.serviceType')}>{t(`selection.serviceTypes.${v.serviceType}`)}</Descriptions.Item>
              <Descriptions.Item label={t('selection.draws.status')}><Tag color={STATUS_COLOR[v.status]} data-testid="draw-status">{t(`selection.drawStatus.${v.status}`)}</Tag></Descriptions.Item>
              <Descriptions.Item label={t('selection.draws.commitment')}><span style={mono}>{v.secretCommitment}</span><br />{t('selection.draws.logEntry', { index: v.poolEntryIdx })}</Descriptions.Item>
              <Descriptions.Item label={t('selection.draws.pool', { count: v.pool.length })}>{v.pool.map((a) => a.name).join('、')}</Descriptions.Item>
              {v.selectedAgencyId !== null && <Descriptions.Item label={t('selection.draws.selected')}><strong data-testid="draw-staff-selected">{name(v.selectedAgencyId)}</strong></Descriptions.Item>}
              {v.confirmDueAt && <Descriptions.Item label={t('selection.draws.confirmDue')}>{dayjs(v.confirmDueAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>}
              {v.order.length > 0 && <Descriptions.Item label={t('selection.draws.order')}>{v.order.map((id, i) => `${i + 1}. ${name(id)}`).join('  ')}</Descriptions.Item>}
            </Descriptions>
            {canRun && v.status === 'pool_frozen' && (
              <Space wrap>
                <Input style={{ width: 220 }} value={ownerNumber} onChange={(e) => setOwnerNumber(e.target.value.replace(/\D/g, '').slice(0, 12))}
                  placeholder={t('selection.draws.ownerNumber')} aria-label={t('selection.draws.ownerNumber')} />
                <Button type="primary" loading={busy} data-testid="draw-run"
                  onClick={() => void act(() => selectionApi.run(v.drawNo, ownerNumber || null), t('selection.draws.drawn'))}>{t('selection.draws.run')}</Button>
              </Space>
            )}
            {canRun && v.status === 'drawn' && (
              <Space wrap>
                <Button type="primary" loading={busy} data-testid="draw-confirm" onClick={() => void act(() => selectionApi.confirm(v.drawNo), t('selection.draws.confirmed'))}>{t('selection.draws.confirm')}</Button>
                <Input style={{ width: 260 }} value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} maxLength={500}
                  placeholder={t('selection.draws.declineReason')} aria-label={t('selection.draws.declineReason')} />
                <Button danger loading={busy} disabled={declineReason.trim().length < 2} data-testid="draw-decline"
                  onClick={() => void act(async () => { await selectionApi.decline(v.drawNo, declineReason); setDeclineReason(''); }, t('selection.draws.declined'))}>{t('selection.draws.decline')}</Button>
              </Space>
            )}
            <Timeline items={v.events.map((e) => ({
              children: <span>{dayjs(e.at).format('MM-DD HH:mm')} {t(`selection.eventKinds.${e.kind}`)}{e.agencyId !== null ? ` · ${name(e.agencyId)}` : ''}{e.reason ? ` · ${e.reason}` : ''}{e.entryIdx !== null ? ` · ${t('selection.draws.logEntry', { index: e.entryIdx })}` : ''}</span>,
            }))} />
            {v.status !== 'pool_frozen' && <a href={`/draws/${v.drawNo}`} target="_blank" rel="noreferrer" data-testid="draw-public-link">{t('selection.draws.publicPage')}</a>}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
