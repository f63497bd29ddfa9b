/**
 * 我的数字证书: the own certificates with their status, a certificate request (CSR) made on the
 * own computer to upload, renewal and revocation of the own certificate, and — in the demo
 * only — a PKCS#12 file whose key the server made. The login method (登录方式) set by the
 * security admin is shown.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { REASONS, downloadDemoP12, pkiApi, saveBlob, shortSerial, type Certificate, type Reason } from './pki-api.ts';

export const STATUS_COLOUR: Record<Certificate['status'], string> = { valid: 'green', expired: 'default', revoked: 'red' };
const OPENSSL = 'openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout my.key -out my.csr -subj "/CN=me"';

export default function MyCertificatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mine = useLoad(() => pkiApi.mine(), []);
  const [csrForm] = Form.useForm<{ csrPem: string }>();
  const [p12Form] = Form.useForm<{ password: string }>();
  const [revokeForm] = Form.useForm<{ reason: Reason }>();
  const [renewalOf, setRenewalOf] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [busy, setBusy] = useState(false);

  const submitCsr = async (v: { csrPem: string }) => {
    setBusy(true);
    try {
      const c = await pkiApi.request(v.csrPem, renewalOf ?? undefined);
      message.success(t('pki.mine.issued', { serial: shortSerial(c.serial) }));
      csrForm.resetFields();
      setRenewalOf(null);
      await mine.reload();
    } catch (e) {
      showError(t, e, message, csrForm);
    } finally {
      setBusy(false);
    }
  };

  const demo = async (v: { password: string }) => {
    setBusy(true);
    try {
      const name = await downloadDemoP12(v.password);
      message.success(t('pki.mine.demoSaved', { name }));
      p12Form.resetFields();
      await mine.reload();
    } catch (e) {
      showError(t, e, message, p12Form);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    const v = await revokeForm.validateFields();
    try {
      await pkiApi.revokeOwn(revoking.serial, v.reason);
      message.success(t('pki.revoked'));
      setRevoking(null);
      await mine.reload();
    } catch (e) {
      showError(t, e, message, revokeForm);
    }
  };

  const data = mine.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={<Space><SafetyCertificateOutlined />{t('pki.mine.title')}</Space>} loading={mine.loading && !data}>
        <Typography.Paragraph type="secondary">{t('pki.mine.intro')}</Typography.Paragraph>
        {data && (
          <Space wrap style={{ marginBottom: 12 }}>
            <span>{t('pki.loginMode')}:</span>
            <Tag color="blue" data-testid="pki-login-mode">{t(`pki.modes.${data.loginMode}`)}</Tag>
            <Tag color={data.presented ? 'green' : 'default'}>{data.presented ? t('pki.mine.presented') : t('pki.mine.notPresented')}</Tag>
          </Space>
        )}
        <Table<Certificate> rowKey="serial" size="small" dataSource={data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('pki.mine.none') }}
          columns={[
            { title: t('pki.serial'), dataIndex: 'serial', render: (s: string) => <Typography.Text code>{shortSerial(s)}</Typography.Text> },
            { title: t('pki.status'), dataIndex: 'status', render: (s: Certificate['status'], c) => (
              <Space size={4}><Tag color={STATUS_COLOUR[s]}>{t(`pki.statuses.${s}`)}</Tag>{c.keyOrigin === 'server' && <Tag color="orange">{t('pki.demoKey')}</Tag>}</Space>) },
            { title: t('pki.validUntil'), dataIndex: 'notAfter', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
            { title: t('pki.actions'), key: 'a', render: (_: unknown, c) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => saveBlob(new Blob([c.certificatePem], { type: 'application/x-pem-file' }), `sunland-${c.serial.slice(0, 8)}.pem`)}>{t('pki.downloadPem')}</Button>
                {c.status !== 'revoked' && <Button type="link" size="small" onClick={() => { setRenewalOf(c.serial); csrForm.getFieldInstance('csrPem')?.focus?.(); }}>{t('pki.mine.renew')}</Button>}
                {c.status === 'valid' && <Button type="link" size="small" danger onClick={() => setRevoking(c)}>{t('pki.revoke')}</Button>}
              </Space>) },
          ]} />
      </Card>

      <Card title={renewalOf ? t('pki.mine.renewTitle', { serial: shortSerial(renewalOf) }) : t('pki.mine.requestTitle')}>
        <Typography.Paragraph type="secondary">{t('pki.mine.requestIntro')}</Typography.Paragraph>
        <Typography.Paragraph><Typography.Text code copyable>{OPENSSL}</Typography.Text></Typography.Paragraph>
        <Form form={csrForm} layout="vertical" requiredMark={false} onFinish={(v) => void submitCsr(v)}>
          <Form.Item name="csrPem" label={t('pki.mine.csr')} rules={[{ required: true, message: t('pki.mine.csrRequired') }]}>
            <Input.TextArea rows={6} placeholder="-----BEGIN CERTIFICATE REQUEST-----" spellCheck={false} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>{t('pki.mine.submitCsr')}</Button>
            {renewalOf && <Button onClick={() => setRenewalOf(null)}>{t('common.cancel')}</Button>}
          </Space>
        </Form>
      </Card>

      {data?.demoP12 && (
        <Card title={t('pki.mine.demoTitle')}>
          <Alert type="warning" showIcon title={t('pki.mine.demoWarning')} style={{ marginBottom: 12 }} />
          <Form form={p12Form} layout="inline" requiredMark={false} onFinish={(v) => void demo(v)}>
            <Form.Item name="password" label={t('pki.mine.p12Password')} rules={[{ required: true, min: 8, message: t('pki.mine.p12PasswordRule') }]}>
              <Input.Password autoComplete="new-password" style={{ width: 220 }} />
            </Form.Item>
            <Button htmlType="submit" icon={<DownloadOutlined />} loading={busy} data-testid="pki-demo-p12">{t('pki.mine.demoDownload')}</Button>
          </Form>
        </Card>
      )}

      <Modal open={!!revoking} title={t('pki.revokeTitle', { serial: revoking ? shortSerial(revoking.serial) : '' })} onOk={() => void revoke()} onCancel={() => setRevoking(null)}
        okText={t('pki.revoke')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} destroyOnHidden>
        <Typography.Paragraph>{t('pki.revokeHint')}</Typography.Paragraph>
        <Form form={revokeForm} layout="vertical" initialValues={{ reason: 'keyCompromise' }}>
          <Form.Item name="reason" label={t('pki.reason')} rules={[{ required: true }]}>
            <Select options={REASONS.map((r) => ({ value: r, label: t(`pki.reasons.${r}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
