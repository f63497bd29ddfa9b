/**
 * 气象风险预警: drafts (hazard office), co-signature (weather bureau), publishing, and the live
 * acknowledgement board (refreshed every few seconds while open).
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';

interface Warning {
  id: number; warningNo: string; drill: boolean; level: number; headline: string; areaDesc: string; validFrom: string; validTo: string; status: string; publishedAt: string | null;
}
interface Board {
  warningNo: string; total: number; acknowledged: number;
  sites: { siteId: number; siteName: string; siteNo: string; acknowledged: number; recipients: { id: number; role: string; name: string; phone: string; sentAt: string; ackedAt: string | null; escalationStep: number }[] }[];
}
interface OrgUnit { id: number; name: string }
const LEVEL_COLOUR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold', 4: 'blue' };

function BoardView({ id }: { id: number }) {
  const { t } = useTranslation();
  const board = useLoad(() => api.get<Board>(`/api/hazards/warnings/${id}/board`), [id]);
  const { reload } = board;
  useEffect(() => {
    const timer = setInterval(() => void reload(), 3000);
    return () => clearInterval(timer);
  }, [reload]);
  const b = board.data;
  if (!b) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="warning-board">
      <Typography.Text>{t('hazards.warnings.acknowledged')} <strong data-testid="board-acked">{b.acknowledged}</strong> / {b.total}</Typography.Text>
      <Progress aria-label={t('hazards.warnings.acknowledged')} percent={b.total ? Math.round((b.acknowledged / b.total) * 100) : 0} />
      {b.sites.map((s) => (
        <Card key={s.siteId} size="small" title={`${s.siteName}（${s.siteNo}） ${s.acknowledged}/${s.recipients.length}`}>
          <Table rowKey="id" size="small" pagination={false} dataSource={s.recipients} scroll={{ x: 520 }} columns={[
            { title: t('hazards.warnings.recipient'), render: (_: unknown, r) => `${t(`hazards.roles.${r.role}`)} ${r.name}` },
            { title: t('hazards.sites.phone'), dataIndex: 'phone' },
            { title: t('hazards.warnings.ackedAt'), render: (_: unknown, r) => (r.ackedAt
              ? <Tag color="green">{dayjs(r.ackedAt).format('HH:mm:ss')}</Tag>
              : <Tag color={r.escalationStep ? 'red' : 'default'}>{r.escalationStep ? t('hazards.warnings.escalated', { step: r.escalationStep }) : t('hazards.warnings.pending')}</Tag>) },
          ]} />
        </Card>
      ))}
    </Space>
  );
}

export default function WarningsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const list = useLoad(() => api.get<Warning[]>('/api/hazards/warnings'), []);
  const orgs = useLoad(() => (can('hazards.warning.draft') ? api.get<OrgUnit[]>('/api/hazards/cosign-orgs') : Promise.resolve([])), []);
  const [drafting, setDrafting] = useState(false);
  const [boardId, setBoardId] = useState<number | null>(null);
  const [form] = Form.useForm();

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await list.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const submit = async () => {
    const v = await form.validateFields() as { level: number; headline: string; advice: string; townships: string; areaDesc: string; period: [Dayjs, Dayjs]; drill: boolean; cosignOrgUnitId: number };
    await act(() => api.post('/api/hazards/warnings', {
      level: v.level, headline: v.headline, advice: v.advice, areaTownships: v.townships.split(/[,，\s]+/).filter(Boolean), areaDesc: v.areaDesc,
      validFrom: v.period[0].toISOString(), validTo: v.period[1].toISOString(), drill: !!v.drill, cosignOrgUnitId: v.cosignOrgUnitId,
    }), t('hazards.warnings.drafted'));
    setDrafting(false);
    form.resetFields();
  };
  const weatherUnits = orgs.data ?? [];
  useEffect(() => {
    if (orgs.data?.[0] && !form.getFieldValue('cosignOrgUnitId')) form.setFieldValue('cosignOrgUnitId', orgs.data[0].id);
  }, [orgs.data, form]);

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('hazards.warnings.title')}</Typography.Title>
      {can('hazards.warning.draft') && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setDrafting(true)} data-testid="warning-new">{t('hazards.warnings.draft')}</Button>}
      <Table<Warning> rowKey="id" loading={list.loading} dataSource={list.data ?? []} size="middle" scroll={{ x: 900 }} columns={[
        { title: 'No.', dataIndex: 'warningNo' },
        { title: t('hazards.warnings.headline'), dataIndex: 'headline', render: (h: string, w) => <>{w.drill && <Tag>{t('hazards.warnings.drill')}</Tag>}{h}</> },
        { title: t('hazards.warnings.level'), dataIndex: 'level', render: (l: number) => <Tag color={LEVEL_COLOUR[l]}>{t(`hazards.levels.${l}`)}</Tag> },
        { title: t('hazards.warnings.validity'), render: (_: unknown, w) => `${dayjs(w.validFrom).format('MM-DD HH:mm')} – ${dayjs(w.validTo).format('MM-DD HH:mm')}` },
        { title: t('hazards.warnings.status'), dataIndex: 'status', render: (s: string) => <Tag data-testid="warning-status">{t(`hazards.warnings.statuses.${s}`)}</Tag> },
        { title: '', render: (_: unknown, w) => (
          <Space wrap>
            {w.status === 'draft' && can('hazards.warning.cosign') && <Button size="small" type="primary" data-testid="warning-cosign" onClick={() => void act(() => api.post(`/api/hazards/warnings/${w.id}/cosign`), t('hazards.warnings.cosigned'))}>{t('hazards.warnings.cosign')}</Button>}
            {w.status === 'cosigned' && can('hazards.warning.publish') && <Button size="small" type="primary" danger data-testid="warning-publish" onClick={() => void act(async () => {
              const r = await api.post<{ dispatched: number }>(`/api/hazards/warnings/${w.id}/publish`);
              message.info(t('hazards.warnings.published', { n: r.dispatched }));
            }, t('hazards.warnings.statuses.published'))}>{t('hazards.warnings.publish')}</Button>}
            {w.status === 'published' && can('hazards.warning.draft') && <Button size="small" data-testid="warning-board-open" onClick={() => setBoardId(w.id)}>{t('hazards.warnings.board')}</Button>}
          </Space>
        ) },
      ]} />
      <Modal open={drafting} title={t('hazards.warnings.draft')} onCancel={() => setDrafting(false)} onOk={() => void submit()} okText={t('hazards.warnings.submit')} width={640}>
        <Form form={form} layout="vertical" initialValues={{ level: 3, townships: '520304102', areaDesc: '播州区三岔镇', period: [dayjs(), dayjs().add(24, 'hour')], drill: false, cosignOrgUnitId: weatherUnits[0]?.id }}>
          <Form.Item name="headline" label={t('hazards.warnings.headline')} rules={[{ required: true, min: 4 }]}><Input data-testid="warning-headline" /></Form.Item>
          <Form.Item name="level" label={t('hazards.warnings.level')} rules={[{ required: true }]}>
            <Select options={[1, 2, 3, 4].map((l) => ({ value: l, label: t(`hazards.levels.${l}`) }))} />
          </Form.Item>
          <Form.Item name="townships" label={t('hazards.warnings.townships')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="areaDesc" label={t('hazards.warnings.areaDesc')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="period" label={`${t('hazards.warnings.validFrom')} – ${t('hazards.warnings.validTo')}`} rules={[{ required: true }]}><DatePicker.RangePicker showTime style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="advice" label={t('hazards.warnings.advice')} rules={[{ required: true, min: 4 }]}><Input.TextArea rows={3} data-testid="warning-advice" /></Form.Item>
          <Form.Item name="cosignOrgUnitId" label={t('hazards.warnings.cosignOrg')} rules={[{ required: true }]}>
            {weatherUnits.length ? <Select options={weatherUnits.map((o) => ({ value: o.id, label: o.name }))} /> : <InputNumber min={1} style={{ width: '100%' }} />}
          </Form.Item>
          <Form.Item name="drill" valuePropName="checked"><Checkbox>{t('hazards.warnings.drill')}</Checkbox></Form.Item>
        </Form>
      </Modal>
      <Drawer open={boardId !== null} onClose={() => setBoardId(null)} width={Math.min(720, window.innerWidth)} title={t('hazards.warnings.board')}>
        {boardId !== null && <BoardView id={boardId} />}
      </Drawer>
    </div>
  );
}
