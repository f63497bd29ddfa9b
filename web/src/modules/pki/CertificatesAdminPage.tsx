/**
 * 数字证书管理 (安全管理员, platform.certificate.manage): every certificate of the accounts in
 * scope with its status; issue one for an account from its certificate request (CSR); revoke
 * with a reason (refused at once, the account's certificate sessions end, the CRL at /pki/crl
 * is renewed); the login method per role or account (登录方式: 口令 / 口令或证书 / 仅证书 / 证书加口令).
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { LOGIN_MODES, REASONS, pkiApi, shortSerial, type Certificate, type LoginMode, type Reason } from './pki-api.ts';
import { STATUS_COLOUR } from './MyCertificatesPage.tsx';

interface IssueForm { userId: number; csrPem: string; days?: number }
interface PolicyForm { target: 'role' | 'user'; roleCode?: string; userId?: number; mode: LoginMode | 'clear' }

function UserSelect(props: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useLoad(() => (q.trim() ? pkiApi.users(q.trim()) : Promise.resolve({ items: [] })), [q]);
  return (
    <Select id={props.id} showSearch filterOption={false} onSearch={setQ} value={props.value} onChange={props.onChange} placeholder={t('pki.admin.searchUser')}
      options={(users.data?.items ?? []).filter((u) => u.kind === 'staff').map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
      notFoundContent={q ? t('pki.admin.noUser') : t('pki.admin.typeToSearch')} />
  );
}

export default function CertificatesAdminPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<{ q?: string; status?: string }>({});
  const list = useLoad(() => pkiApi.list(filter), [filter]);
  const policies = useLoad(() => pkiApi.policies(), []);
  const roles = useLoad(() => pkiApi.roles(), []);
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [issueForm] = Form.useForm<IssueForm>();
  const [revokeForm] = Form.useForm<{ reason: Reason }>();
  const [policyForm] = Form.useForm<PolicyForm>();
  const target = Form.useWatch('target', policyForm) ?? 'role';
  const en = i18n.language === 'en-US';
  const roleName = (code: string) => {
    const r = roles.data?.roles.find((x) => x.code === code);
    return r ? (en ? r.nameEn ?? r.name : r.name) : code;
  };

  const issue = async () => {
    const v = await issueForm.validateFields();
    try {
      const c = await pkiApi.issue(v.userId, v.csrPem, v.days ?? undefined);
      message.success(t('pki.mine.issued', { serial: shortSerial(c.serial) }));
      setIssuing(false);
      await list.reload();
    } catch (e) {
      showError(t, e, message, issueForm);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    const v = await revokeForm.validateFields();
    try {
      await pkiApi.revoke(revoking.serial, v.reason);
      message.success(t('pki.revoked'));
      setRevoking(null);
      await list.reload();
    } catch (e) {
      showError(t, e, message, revokeForm);
    }
  };

  const savePolicy = async (v: PolicyForm) => {
    try {
      const mode = v.mode === 'clear' ? null : v.mode;
      await pkiApi.setPolicy(v.target === 'role' ? { roleCode: v.roleCode!, mode } : { userId: v.userId!, mode });
      message.success(t('common.saved'));
      await policies.reload();
    } catch (e) {
      showError(t, e, message, policyForm);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={<Space><SafetyCertificateOutlined />{t('pki.admin.title')}</Space>}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>{t('pki.admin.issue')}</Button>}>
        <Typography.Paragraph type="secondary">{t('pki.admin.intro')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('pki.admin.search')} aria-label={t('pki.admin.search')} style={{ width: 240 }}
            onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined }))} />
          <Select allowClear style={{ width: 160 }} placeholder={t('pki.admin.allStatuses')} aria-label={t('pki.status')} value={filter.status}
            onChange={(status?: string) => setFilter((f) => ({ ...f, status }))}
            options={(['valid', 'expired', 'revoked'] as const).map((s) => ({ value: s, label: t(`pki.statuses.${s}`) }))} />
          <Typography.Link href="/pki/crl" target="_blank">{t('pki.admin.crl')}</Typography.Link>
          <Typography.Link href="/pki/ca.pem" target="_blank">{t('pki.admin.caCert')}</Typography.Link>
        </Space>
        <Table<Certificate> rowKey="serial" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('pki.holder'), key: 'h', render: (_: unknown, c) => (c.username ? `${c.displayName} (${c.username})` : t(`pki.kinds.${c.kind}`)) },
            { title: t('pki.serial'), dataIndex: 'serial', render: (s: string) => <Typography.Text code>{shortSerial(s)}</Typography.Text> },
            { title: t('pki.status'), dataIndex: 'status', render: (s: Certificate['status'], c) => (
              <Space size={4}><Tag color={STATUS_COLOUR[s]}>{t(`pki.statuses.${s}`)}</Tag>{c.keyOrigin === 'server' && c.kind === 'staff' && <Tag color="orange">{t('pki.demoKey')}</Tag>}
                {c.revocationReason && <span>{t(`pki.reasons.${c.revocationReason}`)}</span>}</Space>) },
            { title: t('pki.issuedAt'), dataIndex: 'issuedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
            { title: t('pki.validUntil'), dataIndex: 'notAfter', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
            { title: t('pki.actions'), key: 'a', render: (_: unknown, c) => c.status !== 'revoked' && (
              <Button type="link" size="small" danger onClick={() => setRevoking(c)} aria-label={`${t('pki.revoke')} ${shortSerial(c.serial)}`}>{t('pki.revoke')}</Button>) },
          ]} />
      </Card>

      <Card title={t('pki.admin.policiesTitle')}>
        <Typography.Paragraph type="secondary">{t('pki.admin.policiesIntro')}</Typography.Paragraph>
        <Table size="small" rowKey="id" pagination={false} dataSource={policies.data?.items ?? []} style={{ marginBottom: 16 }} locale={{ emptyText: t('pki.admin.noPolicies') }}
          columns={[
            { title: t('pki.admin.target'), key: 't', render: (_: unknown, p) => (p.roleCode ? `${t('pki.admin.role')}: ${roleName(p.roleCode)}` : `${t('pki.admin.account')}: ${p.username}`) },
            { title: t('pki.loginMode'), dataIndex: 'mode', render: (m: LoginMode) => <Tag color="blue">{t(`pki.modes.${m}`)}</Tag> },
            { title: t('pki.actions'), key: 'a', render: (_: unknown, p) => (
              <Button type="link" size="small" onClick={() => void savePolicy(p.roleCode ? { target: 'role', roleCode: p.roleCode, mode: 'clear' } : { target: 'user', userId: p.userId!, mode: 'clear' })}>{t('pki.admin.clear')}</Button>) },
          ]} />
        <Form form={policyForm} layout="vertical" requiredMark={false} initialValues={{ target: 'role', mode: 'certificate' }} onFinish={(v) => void savePolicy(v)} style={{ maxWidth: 560 }}>
          <Form.Item name="target" label={t('pki.admin.target')}>
            <Radio.Group options={[{ value: 'role', label: t('pki.admin.role') }, { value: 'user', label: t('pki.admin.account') }]} />
          </Form.Item>
          {target === 'role' ? (
            <Form.Item name="roleCode" label={t('pki.admin.role')} rules={[{ required: true, message: t('pki.admin.roleRequired') }]}>
              <Select showSearch optionFilterProp="label" options={(roles.data?.roles ?? []).map((r) => ({ value: r.code, label: en ? r.nameEn ?? r.name : r.name }))} />
            </Form.Item>
          ) : (
            <Form.Item name="userId" label={t('pki.admin.account')} rules={[{ required: true, message: t('pki.admin.userRequired') }]}>
              <UserSelect />
            </Form.Item>
          )}
          <Form.Item name="mode" label={t('pki.loginMode')}>
            <Select options={LOGIN_MODES.map((m) => ({ value: m, label: t(`pki.modes.${m}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">{t('common.save')}</Button>
        </Form>
      </Card>

      <Modal open={issuing} title={t('pki.admin.issueTitle')} onOk={() => void issue()} onCancel={() => setIssuing(false)} okText={t('pki.admin.issue')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={issueForm} layout="vertical" requiredMark={false}>
          <Form.Item name="userId" label={t('pki.admin.account')} rules={[{ required: true, message: t('pki.admin.userRequired') }]}>
            <UserSelect />
          </Form.Item>
          <Form.Item name="csrPem" label={t('pki.mine.csr')} rules={[{ required: true, message: t('pki.mine.csrRequired') }]}>
            <Input.TextArea rows={6} placeholder="-----BEGIN CERTIFICATE REQUEST-----" spellCheck={false} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="days" label={t('pki.admin.days')}>
            <InputNumber min={1} max={3650} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>

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
