/** 来电来信登记: intake staff enter a report received by phone, letter, e-mail, leader instruction or a lower level. */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Typography } from 'antd';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { MatterFields, ReporterFields, cleanReporter } from '../components/ReportFields.tsx';
import { STAFF_CHANNELS, tipoffsApi, type ReportView, type StaffReportInput } from '../tipoffs-api.ts';

export default function EntryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ReportView | null>(null);

  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const place = v.place as StaffReportInput['place'];
      const r = await tipoffsApi.createStaff({
        channel: v.channel as StaffReportInput['channel'],
        channelRef: typeof v.channelRef === 'string' && v.channelRef.trim() ? v.channelRef.trim() : undefined,
        receivedAt: v.receivedAt ? (v.receivedAt as Dayjs).toISOString() : undefined,
        violationType: v.violationType as StaffReportInput['violationType'],
        place: { divisionCode: place.divisionCode, address: place.address.trim(), point: place.point },
        party: String(v.party).trim(),
        facts: String(v.facts).trim(),
        files: (v.files as string[] | undefined) ?? [],
        reporter: cleanReporter(v.reporter as Record<string, unknown>),
      });
      setCreated(r);
      form.resetFields();
      window.scrollTo(0, 0);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('tipoffs.entry.title')}>
      <Typography.Paragraph type="secondary">{t('tipoffs.entry.intro')}</Typography.Paragraph>
      {created && (
        <Alert type="success" showIcon closable style={{ marginBottom: 16 }} onClose={() => setCreated(null)} data-testid="entry-created"
          title={t('tipoffs.entry.created', { reportNo: created.reportNo })}
          action={<Link to={`/app/tipoffs?id=${created.id}`}><Button size="small">{t('tipoffs.entry.openIt')}</Button></Link>} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 820 }} scrollToFirstError>
        <Form.Item name="channel" label={t('tipoffs.form.channel')} initialValue="hotline" rules={[{ required: true }]}>
          <Select options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`tipoffs.channels.${c}`) }))} style={{ maxWidth: 240 }} />
        </Form.Item>
        <Form.Item name="channelRef" label={t('tipoffs.form.channelRef')}><Input maxLength={100} style={{ maxWidth: 320 }} /></Form.Item>
        <Form.Item name="receivedAt" label={t('tipoffs.form.receivedAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <MatterFields uploadEndpoint="/api/files" />
        <ReporterFields />
        <Button type="primary" htmlType="submit" loading={busy}>{t('tipoffs.entry.submit')}</Button>
      </Form>
    </Card>
  );
}
