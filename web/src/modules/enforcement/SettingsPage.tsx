/**
 * 执法办案参数与裁量基准: the settings of the post's scope (stage limits in working days, warning
 * and disclosure days, review and hearing thresholds) with their versions, and the discretion
 * bands in force with a revision form. Leader and legal reviewer (enforcement.settings.manage);
 * every change needs a reason, is audited and makes a new version.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { enforcementApi, STAGE_KEYS, type Baseline, type SettingsView } from './enforcement-api.ts';

function SettingsForm({ view, onSaved }: { view: SettingsView; onSaved: (v: SettingsView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const s = (k: string, o?: Record<string, unknown>) => t(`enforcement.settings.${k}`, o);
  useEffect(() => {
    const e = view.effective;
    form.setFieldsValue({
      stageDays: e.stageDays, warnDays: e.warnDays, disclosureDays: e.disclosureDays, reviewFinePerson: e.reviewFine.person, reviewFineCompany: e.reviewFine.company,
      hearingFinePerson: e.hearingFine.person, hearingFineCompany: e.hearingFine.company, reason: '',
    });
  }, [view, form]);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const saved = await enforcementApi.saveSettings({ ...form.getFieldsValue(true), version: view.version });
      void message.success(s('saved', { version: saved.version }));
      onSaved(saved);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };
  const num = (name: string | (string | number)[], label: string, min: number, max: number) => (
    <Form.Item key={String(name)} name={name} label={label} rules={[{ required: true, message: s('required') }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: 140 }} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" data-testid="settings-form">
      <Typography.Paragraph type="secondary">
        {view.version ? s('own', { version: view.version }) : view.inheritedFrom ? s('inherited', { from: view.inheritedFrom }) : s('defaults')}
      </Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 16 }}>{s('stageDays')}</Typography.Title>
      <Space wrap>{STAGE_KEYS.map((k) => num(['stageDays', k], t(`enforcement.stages.${k}`), 1, 365))}</Space>
      <Space wrap>
        {num('warnDays', s('warnDays'), 0, 20)}
        {num('disclosureDays', s('disclosureDays'), 1, 60)}
      </Space>
      <Typography.Title level={2} style={{ fontSize: 16 }}>{s('thresholds')}</Typography.Title>
      <Space wrap>
        {num('reviewFinePerson', s('reviewFinePerson'), 0, 1e10)}
        {num('reviewFineCompany', s('reviewFineCompany'), 0, 1e10)}
        {num('hearingFinePerson', s('hearingFinePerson'), 0, 1e10)}
        {num('hearingFineCompany', s('hearingFineCompany'), 0, 1e10)}
      </Space>
      <Form.Item name="reason" label={s('reason')} rules={[{ required: true, min: 2, message: s('reasonRequired') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" loading={busy} onClick={() => void save()}>{s('save')}</Button>
    </Form>
  );
}

function ReviseModal({ band, onClose }: { band: Baseline | null; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const s = (k: string) => t(`enforcement.settings.${k}`);
  const submit = async () => {
    if (!band) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await enforcementApi.reviseBaseline(band.id, { note: null, ...form.getFieldsValue(true) });
      void message.success(s('revised'));
      onClose(true);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={band !== null} title={band ? `${s('revise')}：${band.violationName} · ${band.bandName}` : ''} onCancel={() => onClose(false)} onOk={() => void submit()}
      confirmLoading={busy} okText={s('save')} destroyOnHidden width={620}>
      {band && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ bandName: band.bandName, fineMin: band.fineMin, fineMax: band.fineMax, confiscate: band.confiscate,
          demolish: band.demolish, restore: band.restore, legalBasis: band.legalBasis, note: band.note ?? '', reason: '' }}>
          <Form.Item name="bandName" label={s('bandName')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Space wrap>
            <Form.Item name="fineMin" label={`${s('fineMin')}（${s(`basis_${band.fineBasis}`)}）`} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="fineMax" label={`${s('fineMax')}（${s(`basis_${band.fineBasis}`)}）`} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 160 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="confiscate" valuePropName="checked"><Checkbox>{t('enforcement.fields.confiscate')}</Checkbox></Form.Item>
            <Form.Item name="demolish" valuePropName="checked"><Checkbox>{t('enforcement.fields.demolish')}</Checkbox></Form.Item>
            <Form.Item name="restore" valuePropName="checked"><Checkbox>{t('enforcement.fields.restore')}</Checkbox></Form.Item>
          </Space>
          <Form.Item name="legalBasis" label={t('enforcement.fields.legalBasis')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.Item name="note" label={t('enforcement.fields.note')}><Input maxLength={1000} /></Form.Item>
          <Form.Item name="reason" label={s('reason')} rules={[{ required: true, min: 2, message: s('reasonRequired') }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      )}
    </Modal>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const s = (k: string, o?: Record<string, unknown>) => t(`enforcement.settings.${k}`, o);
  const settings = useLoad(() => enforcementApi.settings(), []);
  const [fresh, setFresh] = useState<SettingsView | null>(null);
  const view = fresh ?? settings.data;
  const baselines = useLoad(() => enforcementApi.baselines(), []);
  const [revising, setRevising] = useState<Baseline | null>(null);
  const rate = (b: Baseline, v: number) => (b.fineBasis === 'gains_share' ? `${(v * 100).toFixed(0)}%` : b.fineBasis === 'per_m2' ? `${v} ${s('perM2')}` : '—');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={s('title')} loading={!view}>
        {view && <SettingsForm view={view} onSaved={setFresh} />}
        {view && view.versions.length > 0 && (
          <Table size="small" rowKey={(r) => `${r.orgPath}-${r.version}`} style={{ marginTop: 24 }} pagination={false} dataSource={view.versions} scroll={{ x: 700 }}
            title={() => s('history')} columns={[
              { title: s('version'), dataIndex: 'version', width: 80 },
              { title: s('changedAt'), dataIndex: 'changedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
              { title: s('changedBy'), dataIndex: 'changedByName', width: 140 },
              { title: s('stageDays'), dataIndex: 'stageDays', render: (v: Record<string, number>) => STAGE_KEYS.map((k) => `${t(`enforcement.stages.${k}`)} ${v[k] ?? '—'}`).join('，') },
              { title: s('reason'), dataIndex: 'changeReason' },
            ]} />
        )}
      </Card>
      <Card title={s('baselines')}>
        <Table<Baseline> size="small" rowKey="id" loading={baselines.loading} pagination={false} scroll={{ x: 900 }} data-testid="baselines"
          dataSource={(baselines.data ?? []).filter((b) => b.effective)} columns={[
            { title: s('violation'), dataIndex: 'violationName', width: 160 },
            { title: s('bandName'), dataIndex: 'bandName' },
            { title: s('range'), key: 'range', width: 200, render: (_: unknown, b) => `${rate(b, b.fineMin)} – ${rate(b, b.fineMax)}` },
            { title: s('version'), dataIndex: 'version', width: 70 },
            { title: s('scope'), dataIndex: 'orgPathText', width: 150, render: (v: string, b) => <Space size={4}>{v}{!b.confirmed && <Tag color="orange">{t('enforcement.calc.example')}</Tag>}</Space> },
            { title: '', key: 'act', width: 90, render: (_: unknown, b) => <Button size="small" onClick={() => setRevising(b)}>{s('revise')}</Button> },
          ]} />
      </Card>
      <ReviseModal band={revising} onClose={(changed) => { setRevising(null); if (changed) void baselines.reload(); }} />
    </Space>
  );
}
