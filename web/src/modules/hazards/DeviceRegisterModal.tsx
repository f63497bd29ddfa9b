/**
 * 监测设备登记: a device at a site with one datastream and its thresholds (POST /api/hazards/devices).
 * The device secret is shown once, with the MQTT topic and the HTTP ingest address, and never again.
 */
import { useState } from 'react';
import { Alert, App, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';

/** Each observed property with its unit and the threshold metric that fits it. */
/** `sensor` is the name of a row of hazards.sensors (reference data, migration 0700). */
const PROPERTIES: Record<string, { unitName: string; unitSymbol: string; metric: string; sensor: string }> = {
  rainfall: { unitName: 'millimetre', unitSymbol: 'mm', metric: 'sum_1h', sensor: '雨量计' },
  displacement: { unitName: 'millimetre', unitSymbol: 'mm', metric: 'rate_24h', sensor: 'GNSS位移监测站' },
  crack_width: { unitName: 'millimetre', unitSymbol: 'mm', metric: 'value', sensor: '裂缝计' },
  tilt: { unitName: 'degree', unitSymbol: '°', metric: 'value', sensor: '倾角计' },
  water_level: { unitName: 'metre', unitSymbol: 'm', metric: 'value', sensor: '水位计' },
};
const METRICS = ['value', 'sum_1h', 'sum_24h', 'rate_24h'];

interface Registered { deviceId: string; secret: string; topic: string }

export function DeviceRegisterModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<Registered | null>(null);
  const sites = useLoad(() => (open ? api.get<{ id: number; siteNo: string; name: string; status: string }[]>('/api/hazards/sites', { status: 'registered' }) : Promise.resolve([])), [open]);
  const close = () => { setDone(null); onClose(); };
  const save = async () => {
    if (done) { close(); return; }
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const prop = PROPERTIES[v.observedProperty as string]!;
    const level = (k: string) => (typeof v[k] === 'number' ? v[k] : null);
    setSaving(true);
    try {
      const res = await api.post<Registered>('/api/hazards/devices', {
        siteId: v.siteId, deviceId: v.deviceId, name: v.name, description: v.description ?? '',
        datastreams: [{
          code: v.code, name: v.streamName, observedProperty: v.observedProperty, sensor: v.sensor, unitName: prop.unitName, unitSymbol: prop.unitSymbol,
          thresholds: [level('blue'), level('yellow'), level('orange'), level('red')].some((x) => x !== null)
            ? [{ metric: v.metric, blue: level('blue'), yellow: level('yellow'), orange: level('orange'), red: level('red') }] : [],
        }],
      });
      setDone(res);
      onSaved();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };
  const req = { required: true, message: t('hazards.register.required') };
  return (
    <Modal open={open} title={t('hazards.device.title')} width={720} destroyOnHidden onCancel={close} onOk={() => void save()} confirmLoading={saving}
      okText={done ? t('hazards.device.close') : t('hazards.register.submit')} cancelButtonProps={done ? { style: { display: 'none' } } : {}}>
      {done ? (
        <div>
          <Alert type="warning" showIcon message={t('hazards.device.secretOnce')} style={{ marginBottom: 16 }} />
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('hazards.device.deviceId')}><Typography.Text copyable>{done.deviceId}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('hazards.device.secret')}><Typography.Text copyable code data-testid="device-secret">{done.secret}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('hazards.device.topic')}><Typography.Text copyable code>{done.topic}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('hazards.device.http')}><Typography.Text copyable code>{`POST ${window.location.origin}/api/hazards/ingest/${done.deviceId}`}</Typography.Text></Descriptions.Item>
          </Descriptions>
        </div>
      ) : (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ observedProperty: 'rainfall', metric: 'sum_1h', code: 'rain', sensor: '雨量计' }}
          onValuesChange={(c: Record<string, unknown>) => {
            if (typeof c.observedProperty !== 'string') return;
            form.setFieldValue('metric', PROPERTIES[c.observedProperty]!.metric);
            form.setFieldValue('sensor', PROPERTIES[c.observedProperty]!.sensor);
          }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="siteId" label={t('hazards.monitoring.site')} rules={[req]}>
                <Select showSearch optionFilterProp="label" loading={sites.loading} options={(sites.data ?? []).map((s) => ({ value: s.id, label: `${s.siteNo} ${s.name}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deviceId" label={t('hazards.device.deviceId')} extra={t('hazards.device.deviceIdHint')} rules={[req, { pattern: /^[A-Za-z0-9_-]{3,40}$/, message: t('hazards.device.deviceIdHint') }]}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}><Form.Item name="name" label={t('hazards.device.name')} rules={[req, { min: 2, max: 100 }]}><Input maxLength={100} /></Form.Item></Col>
            <Col xs={24} md={12}>
              <Form.Item name="sensor" label={t('hazards.device.sensor')} rules={[req]}>
                <Select options={Object.entries(PROPERTIES).map(([k, p]) => ({ value: p.sensor, label: t(`hazards.device.sensors.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="observedProperty" label={t('hazards.device.property')} rules={[req]}>
                <Select options={Object.keys(PROPERTIES).map((k) => ({ value: k, label: t(`hazards.device.properties.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}><Form.Item name="code" label={t('hazards.device.code')} rules={[req, { pattern: /^[a-z0-9_]{1,30}$/, message: t('hazards.device.codeHint') }]}><Input maxLength={30} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="streamName" label={t('hazards.monitoring.stream')} rules={[req, { max: 100 }]}><Input maxLength={100} /></Form.Item></Col>
            <Col xs={24} md={8}>
              <Form.Item name="metric" label={t('hazards.monitoring.metric')}><Select options={METRICS.map((m) => ({ value: m, label: t(`hazards.monitoring.metrics.${m}`) }))} /></Form.Item>
            </Col>
            {(['blue', 'yellow', 'orange', 'red'] as const).map((k) => (
              <Col xs={12} md={4} key={k}><Form.Item name={k} label={t(`hazards.device.levels.${k}`)}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
            ))}
          </Row>
        </Form>
      )}
    </Modal>
  );
}
