/**
 * One form of the township workbench: a patrol finding (巡查发现) or a land-use change note
 * (用地变化). Small on purpose (a township link): no map, the position from the device when asked.
 */
import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Radio, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { showError } from '../../app/errors.ts';
import { PATROL_FINDINGS, townshipApi, type EntryKind, type Finding } from './township-api.ts';

// Light on purpose: native date and number inputs, radio buttons (no picker or select code to download).
interface Values { finding: Finding; place: string; description: string; observedOn: string; lon: string | null; lat: string | null }
const num = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? null : Number(v));

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
        observedOn: v.observedOn, lon: num(v.lon), lat: num(v.lat), report,
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
      (p) => { form.setFieldsValue({ lon: p.coords.longitude.toFixed(6), lat: p.coords.latitude.toFixed(6) }); message.success(t('township.entry.located')); },
      () => message.info(t('township.entry.noLocation')), { timeout: 10_000 });
  };

  return (
    <Card title={title}>
      <Form form={form} layout="vertical" initialValues={{ observedOn: dayjs().format('YYYY-MM-DD'), finding: kind === 'patrol' ? undefined : 'land_change' }} disabled={busy}>
        {kind === 'patrol' && (
          <Form.Item name="finding" label={t('township.entry.finding')} rules={[{ required: true }]}>
            <Radio.Group options={PATROL_FINDINGS.map((f) => ({ value: f, label: t(`township.findings.${f}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('township.entry.place')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('township.entry.description')} rules={[{ required: true, min: 2, max: 2000 }]}><Input.TextArea rows={4} maxLength={2000} showCount /></Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="observedOn" label={t('township.entry.observedOn')} rules={[{ required: true }]}>
              <Input type="date" max={dayjs().format('YYYY-MM-DD')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}><Form.Item name="lon" label={t('township.entry.lon')}><Input type="number" inputMode="decimal" min={73} max={136} step="any" /></Form.Item></Col>
          <Col xs={12} md={8}><Form.Item name="lat" label={t('township.entry.lat')}><Input type="number" inputMode="decimal" min={3} max={54} step="any" /></Form.Item></Col>
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
