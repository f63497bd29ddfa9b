/**
 * 工作日历 (security admin): the month as the deadline engine sees it (working day or not, and
 * why), the local overrides (调休/临时放假), and declaring a year's schedule as confirmed.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Calendar, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../app/api.ts';
import { errorText, showError } from '../../../app/errors.ts';
import { itemsOf, useLoad } from '../../../components/useLoad.ts';

interface Day {
  date: string;
  /** null in a year the calendar does not cover. */
  workday: boolean | null;
  name: string;
  source: 'override' | 'chinese-days' | 'weekday' | 'provisional';
}

interface Month {
  year: number;
  month: number;
  covered: boolean;
  days: Day[];
}

interface Override {
  date: string;
  kind: 'workday' | 'holiday';
  name: string;
  createdBy: number | null;
  updatedAt: string;
}

interface CoveredYear {
  year: number;
  source: 'chinese-days' | 'override';
  note: string;
}

interface OverrideValues {
  date: Dayjs;
  kind: 'workday' | 'holiday';
  name: string;
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const year = month.year();
  const days = useLoad(() => api.get<Month>('/api/calendar/days', { year, month: month.month() + 1 }), [year, month.month()]);
  const overrides = useLoad(async () => itemsOf<Override>(await api.get('/api/calendar/overrides', { year })), [year]);
  const years = useLoad(async () => itemsOf<CoveredYear>(await api.get('/api/calendar/years')), []);
  const byDate = useMemo(() => new Map((days.data?.days ?? []).map((d) => [d.date, d])), [days.data]);
  const [adding, setAdding] = useState(false);
  const [declaring, setDeclaring] = useState(false);
  const [form] = Form.useForm<OverrideValues>();
  const [yearForm] = Form.useForm<{ year: number; note: string }>();
  const notCovered = days.data?.covered === false || (days.error instanceof ApiError && days.error.code === 'calendar.year_not_covered');

  const openAdd = (date?: Dayjs) => {
    form.setFieldsValue({ date: date ?? month, kind: 'holiday', name: '' });
    setAdding(true);
  };

  const add = async (v: OverrideValues) => {
    try {
      await api.post('/api/calendar/overrides', { date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() });
      message.success(t('common.saved'));
      setAdding(false);
      await Promise.all([days.reload(), overrides.reload()]);
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  const remove = async (date: string) => {
    try {
      await api.delete(`/api/calendar/overrides/${date}`);
      message.success(t('common.deleted'));
      await Promise.all([days.reload(), overrides.reload()]);
    } catch (e) {
      showError(t, e, message);
    }
  };

  const declare = async (v: { year: number; note: string }) => {
    try {
      await api.post('/api/calendar/years', { year: v.year, note: v.note.trim() });
      message.success(t('platform.calendar.declared', { year: v.year }));
      setDeclaring(false);
      await Promise.all([days.reload(), years.reload()]);
    } catch (e) {
      showError(t, e, message, yearForm);
    }
  };

  const cell = (d: Dayjs) => {
    const day = byDate.get(d.format('YYYY-MM-DD'));
    if (!day || d.month() !== month.month()) return null;
    if (day.workday === null) return <div style={{ fontSize: 12, color: '#595959' }}>{t('platform.calendar.unknown')}</div>;
    const weekend = d.day() === 0 || d.day() === 6;
    const unusual = day.workday === weekend; // a weekend working day (调休) or a weekday holiday
    return (
      <div style={{ fontSize: 12, lineHeight: 1.5 }} data-date={day.date} data-workday={String(day.workday)}>
        <Tag color={day.workday ? (unusual ? 'orange' : 'blue') : (unusual ? 'red' : 'default')} style={{ marginInlineEnd: 0 }}>
          {day.workday ? t('platform.calendar.workday') : t('platform.calendar.restday')}
        </Tag>
        {day.name && <div style={{ color: '#555' }}>{day.name}</div>}
        {day.source === 'override' && <div style={{ color: '#d46b08' }}>{t('platform.calendar.sourceOverride')}</div>}
        {day.source === 'provisional' && <div style={{ color: '#999' }}>{t('platform.calendar.sourceProvisional')}</div>}
      </div>
    );
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title={t('platform.calendar.title')}
          extra={<Button onClick={() => { yearForm.setFieldsValue({ year: year + 1, note: '' }); setDeclaring(true); }}>{t('platform.calendar.declareYear')}</Button>}>
          {notCovered && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={days.error ? errorText(t, days.error) : t('platform.calendar.notCovered', { year })}
              action={<Button size="small" onClick={() => { yearForm.setFieldsValue({ year, note: '' }); setDeclaring(true); }}>{t('platform.calendar.declareYear')}</Button>} />
          )}
          <Calendar value={month} onPanelChange={(d) => setMonth(d.startOf('month'))} onSelect={(d, info) => { if (info.source === 'date') openAdd(d); }}
            cellRender={(d, info) => (info.type === 'date' ? cell(d) : info.originNode)} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('platform.calendar.overridesOf', { year })}
          extra={<Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => openAdd()}>{t('platform.calendar.addOverride')}</Button>}>
          <Typography.Paragraph type="secondary">{t('platform.calendar.overridesHint')}</Typography.Paragraph>
          <Table<Override> rowKey="date" size="small" pagination={false} loading={overrides.loading} dataSource={overrides.data ?? []}
            columns={[
              { title: t('platform.calendar.date'), dataIndex: 'date' },
              { title: t('platform.calendar.kind'), dataIndex: 'kind',
                render: (k: Override['kind']) => (k === 'workday' ? <Tag color="orange">{t('platform.calendar.workday')}</Tag> : <Tag color="red">{t('platform.calendar.holiday')}</Tag>) },
              { title: t('platform.calendar.name'), dataIndex: 'name' },
              { title: '', key: 'rm', render: (_, o) => (
                <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove(o.date)}>
                  <Button type="link" danger size="small">{t('common.delete')}</Button>
                </Popconfirm>
              ) },
            ]} />
        </Card>
        <Card title={t('platform.calendar.coveredYears')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('platform.calendar.coveredHint')}</Typography.Paragraph>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {[...(years.data ?? [])].sort((a, b) => b.year - a.year).map((y) => (
              <Tooltip key={y.year} title={`${t(`platform.calendar.sources.${y.source}`)}：${y.note}`}>
                <Tag color={y.source === 'override' ? 'orange' : 'blue'} style={{ marginInlineEnd: 0 }}>{y.year}</Tag>
              </Tooltip>
            ))}
          </div>
        </Card>
      </Col>
      <Modal open={adding} title={t('platform.calendar.addOverride')} onCancel={() => setAdding(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={add}>
          <Form.Item name="date" label={t('platform.calendar.date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="kind" label={t('platform.calendar.kind')} rules={[{ required: true }]}>
            <Radio.Group options={[{ value: 'holiday', label: t('platform.calendar.holiday') }, { value: 'workday', label: t('platform.calendar.workday') }]} />
          </Form.Item>
          <Form.Item name="name" label={t('platform.calendar.name')} rules={[{ required: true, message: t('platform.calendar.nameRequired') }]}>
            <Input maxLength={60} placeholder={t('platform.calendar.namePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={declaring} title={t('platform.calendar.declareYear')} onCancel={() => setDeclaring(false)} onOk={() => yearForm.submit()} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('platform.calendar.declareHint')}</Typography.Paragraph>
        <Form form={yearForm} layout="vertical" onFinish={declare}>
          <Form.Item name="year" label={t('platform.calendar.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="note" label={t('platform.calendar.note')} rules={[{ required: true, message: t('platform.calendar.noteRequired') }]}>
            <Input.TextArea rows={3} placeholder={t('platform.calendar.notePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}
