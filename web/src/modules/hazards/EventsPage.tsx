/** 灾情/险情速报: record an event (graded by the rules), report it up the levels in time. */
import { useState } from 'react';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { scopeCode } from './SiteRegisterModal.tsx';

type Level = 'county_gov' | 'city' | 'province' | 'ministry';
interface EventReport {
  id: number; reportNo: string; kind: 'disaster' | 'danger'; place: string; hazardType: string; occurredAt: string; receivedAt: string; dueAt: string;
  grade: string; reportTo: Level[]; reported: Partial<Record<Level, string>>; overdue: boolean; deaths: number; missing: number; injured: number; threatenedPeople: number;
}
interface Rules { grading: { kind: string; grade: string; minPeople: number; minLoss: number; confirmed: boolean }[]; limits: { grade: string; hours: number; confirmed: boolean }[] }
const GRADE_COLOUR: Record<string, string> = { small: 'blue', medium: 'gold', large: 'orange', huge: 'red' };
const TYPES = ['landslide', 'collapse', 'debris_flow', 'ground_collapse', 'ground_fissure', 'ground_subsidence', 'unstable_slope'];

export default function EventsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const events = useLoad(() => api.get<EventReport[]>('/api/hazards/events'), []);
  const rules = useLoad(() => api.get<Rules>('/api/hazards/event-rules'), []);
  const county = scopeCode(me.posts.find((p) => p.id === me.activePostId)?.scopePath);
  const townships = useLoad(() => (open && county ? api.get<{ code: string; name: string }[]>('/api/divisions', { parent: county }) : Promise.resolve([])), [open, county]);
  const kind = Form.useWatch('kind', form) as 'disaster' | 'danger' | undefined;
  const manage = can('hazards.site.manage');

  const record = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true);
    try {
      const r = await api.post<EventReport>('/api/hazards/events', { ...v, occurredAt: dayjs(v.occurredAt as string).toISOString() });
      message.success(t('hazards.events.recorded', { no: r.reportNo, grade: t(`hazards.scales.${r.grade}`), due: dayjs(r.dueAt).format('MM-DD HH:mm') }));
      setOpen(false);
      await events.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };
  const reported = async (id: number, level: Level) => {
    try {
      await api.post(`/api/hazards/events/${id}/reported`, { level });
      await events.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };
  const unconfirmed = (rules.data?.limits ?? []).some((l) => !l.confirmed) || (rules.data?.grading ?? []).some((g) => !g.confirmed);
  const req = { required: true, message: t('hazards.register.required') };
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('hazards.events.title')}</Typography.Title>
      <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('hazards.events.intro')}</Typography.Paragraph>
        {unconfirmed && <Alert type="info" showIcon message={t('hazards.events.unconfirmed')} />}
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>{t('hazards.events.record')}</Button>}
      </Space>
      <Table<EventReport> rowKey="id" loading={events.loading} dataSource={events.data ?? []} size="middle" scroll={{ x: 1000 }} pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('hazards.events.none') }}
        columns={[
          { title: t('hazards.events.no'), dataIndex: 'reportNo' },
          { title: t('hazards.events.kind'), dataIndex: 'kind', render: (k: string) => t(`hazards.events.kinds.${k}`) },
          { title: t('hazards.events.grade'), dataIndex: 'grade', render: (g: string) => <Tag color={GRADE_COLOUR[g]}>{t(`hazards.scales.${g}`)}</Tag> },
          { title: t('hazards.events.place'), dataIndex: 'place', render: (p: string, r) => `${p}（${t(`hazards.types.${r.hazardType}`)}）` },
          { title: t('hazards.events.people'), render: (_: unknown, r) => (r.kind === 'disaster' ? t('hazards.events.casualties', { d: r.deaths, m: r.missing, i: r.injured }) : t('hazards.events.threatened', { n: r.threatenedPeople })) },
          { title: t('hazards.events.due'), dataIndex: 'dueAt', render: (d: string, r) => <span>{dayjs(d).format('MM-DD HH:mm')} {r.overdue && <Tag color="red">{t('hazards.events.overdue')}</Tag>}</span> },
          {
            title: t('hazards.events.reportUp'), render: (_: unknown, r) => (
              <Space wrap size={4}>
                {r.reportTo.map((l) => (r.reported[l]
                  ? <Tag key={l} color={dayjs(r.reported[l]).isAfter(r.dueAt) ? 'orange' : 'green'}>{t(`hazards.events.levels.${l}`)} {dayjs(r.reported[l]).format('HH:mm')}</Tag>
                  : manage
                    ? <Button key={l} size="small" onClick={() => void reported(r.id, l)} title={t('hazards.events.markReported', { level: t(`hazards.events.levels.${l}`), no: r.reportNo })}>{t(`hazards.events.levels.${l}`)}</Button>
                    : <Tag key={l}>{t(`hazards.events.levels.${l}`)}</Tag>))}
              </Space>
            ),
          },
        ]} />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>{t('hazards.events.rules')}</Typography.Title>
      <Table rowKey={(r) => `${r.kind}-${r.grade}`} size="small" pagination={false} dataSource={rules.data?.grading ?? []} scroll={{ x: 600 }} columns={[
        { title: t('hazards.events.kind'), dataIndex: 'kind', render: (k: string) => t(`hazards.events.kinds.${k}`) },
        { title: t('hazards.events.grade'), dataIndex: 'grade', render: (g: string) => t(`hazards.scales.${g}`) },
        { title: t('hazards.events.threshold'), render: (_: unknown, g: Rules['grading'][number]) => (
          <span>{t(g.kind === 'disaster' ? 'hazards.events.disasterRule' : 'hazards.events.dangerRule', { n: g.minPeople, w: g.minLoss })} {!g.confirmed && <Tag>{t('hazards.events.toConfirm')}</Tag>}</span>
        ) },
        { title: t('hazards.events.limit'), render: (_: unknown, g: Rules['grading'][number]) => {
          const l = rules.data?.limits.find((x) => x.grade === g.grade);
          return l ? <span>{t('hazards.events.hours', { h: l.hours })} {!l.confirmed && <Tag>{t('hazards.events.toConfirm')}</Tag>}</span> : '—';
        } },
      ]} />
      <Modal open={open} title={t('hazards.events.record')} width={720} destroyOnHidden onCancel={() => setOpen(false)} onOk={() => void record()} confirmLoading={saving} okText={t('hazards.register.submit')}>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'disaster', hazardType: 'landslide', deaths: 0, missing: 0, injured: 0, directLoss: 0, threatenedPeople: 0, potentialLoss: 0 }}>
          <Form.Item name="kind" label={t('hazards.events.kind')}>
            <Radio.Group options={['disaster', 'danger'].map((k) => ({ value: k, label: t(`hazards.events.kinds.${k}`) }))} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}><Form.Item name="townshipCode" label={t('hazards.register.township')} rules={[req]}><Select options={(townships.data ?? []).map((d) => ({ value: d.code, label: d.name }))} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="place" label={t('hazards.events.place')} rules={[req, { min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="hazardType" label={t('hazards.sites.type')} rules={[req]}><Select options={TYPES.map((k) => ({ value: k, label: t(`hazards.types.${k}`) }))} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="occurredAt" label={t('hazards.events.occurredAt')} rules={[req]}><Input type="datetime-local" max={dayjs().format('YYYY-MM-DDTHH:mm')} /></Form.Item></Col>
            {kind === 'danger' ? (
              <>
                <Col xs={12} md={8}><Form.Item name="threatenedPeople" label={t('hazards.events.threatenedPeople')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="potentialLoss" label={t('hazards.events.potentialLoss')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              </>
            ) : (
              <>
                <Col xs={8} md={4}><Form.Item name="deaths" label={t('hazards.events.deaths')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={8} md={4}><Form.Item name="missing" label={t('hazards.events.missing')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={8} md={4}><Form.Item name="injured" label={t('hazards.events.injured')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={24} md={4}><Form.Item name="directLoss" label={t('hazards.events.directLoss')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              </>
            )}
          </Row>
          <Form.Item name="summary" label={t('hazards.events.summary')} rules={[req, { min: 4, max: 2000 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
