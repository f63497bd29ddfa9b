/** 隐患点登记: the register form (POST /api/hazards/sites); townships of the active post's county. */
import { useEffect, useState } from 'react';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';

const TYPES = ['landslide', 'collapse', 'debris_flow', 'ground_collapse', 'ground_fissure', 'ground_subsidence', 'unstable_slope'];
const SCALES = ['small', 'medium', 'large', 'huge'];
const STABILITIES = ['stable', 'basically_stable', 'unstable'];
const RISKS = ['low', 'medium', 'high', 'very_high'];

/** The division code of the active post's scope (`cn.p52.c5203.x520304` → `520304`). */
export function scopeCode(scopePath: string | undefined): string | null {
  const last = scopePath?.split('.').pop();
  return last && /^[a-z]\d+$/.test(last) ? last.slice(1) : null;
}

export function SiteRegisterModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [townships, setTownships] = useState<{ code: string; name: string }[]>([]);
  const post = me.posts.find((p) => p.id === me.activePostId);
  const county = scopeCode(post?.scopePath);
  useEffect(() => {
    if (!open || !county) return;
    void api.get<{ code: string; name: string }[]>('/api/divisions', { parent: county }).then(setTownships, () => setTownships([]));
  }, [open, county]);
  const opts = (keys: string[], ns: string) => keys.map((k) => ({ value: k, label: t(`hazards.${ns}.${k}`) }));
  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true);
    try {
      const res = await api.post<{ id: number }>('/api/hazards/sites', { ...v, volumeM3: v.volumeM3 ?? null });
      message.success(t('hazards.register.saved'));
      onSaved(res.id);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };
  const req = { required: true, message: t('hazards.register.required') };
  return (
    <Modal open={open} title={t('hazards.register.title')} width={760} destroyOnHidden onCancel={onClose} onOk={() => void save()} confirmLoading={saving}
      okText={t('hazards.register.submit')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ scale: 'small', stability: 'basically_stable', riskLevel: 'medium', threatenedHouseholds: 0, threatenedPeople: 0, threatenedProperty: 0 }}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="siteNo" label={t('hazards.sites.siteNo')} extra={t('hazards.register.siteNoHint')} rules={[req, { pattern: /^[0-9A-Z-]{4,30}$/, message: t('hazards.register.siteNoHint') }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="name" label={t('hazards.sites.name')} rules={[req, { min: 2, max: 100 }]}><Input maxLength={100} /></Form.Item>
          </Col>
          <Col xs={24} md={8}><Form.Item name="hazardType" label={t('hazards.sites.type')} rules={[req]}><Select options={opts(TYPES, 'types')} /></Form.Item></Col>
          <Col xs={24} md={8}>
            <Form.Item name="townshipCode" label={t('hazards.register.township')} rules={[req]}>
              <Select showSearch optionFilterProp="label" options={townships.map((d) => ({ value: d.code, label: d.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}><Form.Item name="location" label={t('hazards.sites.location')} rules={[req, { min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="lon" label={t('hazards.register.lon')} rules={[req]}><InputNumber min={73} max={136} step={0.0001} precision={6} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="lat" label={t('hazards.register.lat')} rules={[req]}><InputNumber min={3} max={54} step={0.0001} precision={6} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="scale" label={t('hazards.sites.scale')} rules={[req]}><Select options={opts(SCALES, 'scales')} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="volumeM3" label={t('hazards.register.volume')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="stability" label={t('hazards.sites.stability')} rules={[req]}><Select options={opts(STABILITIES, 'stabilities')} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="riskLevel" label={t('hazards.sites.risk')} rules={[req]}><Select options={opts(RISKS, 'risks')} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="threatenedHouseholds" label={t('hazards.register.households')} rules={[req]}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="threatenedPeople" label={t('hazards.register.people')} rules={[req]}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item name="threatenedProperty" label={t('hazards.sites.property')} rules={[req]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24} md={16}><Form.Item name="measures" label={t('hazards.sites.measures')}><Input maxLength={1000} /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="evacuationRoute" label={t('hazards.sites.route')}><Input maxLength={500} /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item name="shelter" label={t('hazards.sites.shelter')}><Input maxLength={200} /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item name="warningSignal" label={t('hazards.sites.signal')}><Input maxLength={100} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}
