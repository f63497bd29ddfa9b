/**
 * One form of the township workbench: a patrol finding (巡查发现) or a land-use change note
 * (用地变化). Small on purpose (a township link): no map, the position from the device when asked.
 */
import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { showError } from '../../app/errors.ts';
import { PATROL_FINDINGS, townshipApi, type EntryKind, type Finding } from './township-api.ts';

interface Values { finding: Finding; place: string; description: string; observedOn: Dayjs; lon: number | null; lat: number | null }

export function EntryForm({ kind }: { kind: EntryKind }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const title = t(kind === 'patrol' ? 'township.entry.patrolTitle' : 'township.entry.changeTitle');

  const save = async (report: boolean) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await townshipApi.file({
        kind, finding: kind === 'patrol' ? v.finding : 'land_change', place: v.place, description: v.description,
        observedOn: v.observedOn.format('YYYY-MM-DD'), lon: v.lon ?? null, lat: v.lat ?? null, report,
      });
      message.success(t(report ? 'township.entry.reported' : 'township.entry.saved'));
      navigate('/app/township');
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };

  const locate = () => {
    if (!navigator.geolocation) { message.info(t('township.entry.noLocation')); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => { form.setFieldsValue({ lon: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) }); message.success(t('township.entry.located')); },
      () => message.info(t('township.entry.noLocation')), { timeout: 10_000 });
  };

  return (
    <Card title={title}>
      <Form form={form} layout="vertical" initialValues={{ observedOn: dayjs(), finding: kind === 'patrol' ? undefined : 'land_change' }} disabled={busy}>
        {kind === 'patrol' && (
          <Form.Item name="finding" label={t('township.entry.finding')} rules={[{ required: true }]}>
            <Select options={PATROL_FINDINGS.map((f) => ({ value: f, label: t(`township.findings.${f}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('township.entry.place')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('township.entry.description')} rules={[{ required: true, min: 2, max: 2000 }]}><Input.TextArea rows={4} maxLength={2000} showCount /></Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="observedOn" label={t('township.entry.observedOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}><Form.Item name="lon" label={t('township.entry.lon')}><InputNumber style={{ width: '100%' }} min={73} max={136} step={0.0001} /></Form.Item></Col>
          <Col xs={12} md={8}><Form.Item name="lat" label={t('township.entry.lat')}><InputNumber style={{ width: '100%' }} min={3} max={54} step={0.0001} /></Form.Item></Col>
        </Row>
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => void save(true)} data-testid="entry-report">{t('township.entry.submit')}</Button>
          <Button onClick={() => void save(false)}>{t('township.entry.draft')}</Button>
          <Button type="link" onClick={locate}>{t('township.entry.locate')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t(kind === 'patrol' ? 'township.home.patrolHint' : 'township.home.changeHint')}</Typography.Paragraph>
      </Form>
    </Card>
  );
}
