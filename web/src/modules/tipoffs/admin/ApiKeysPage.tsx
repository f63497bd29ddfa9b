/**
 * Open311 接口密钥 (tipoffs.apikey.manage): the client keys of the GeoReport v2 API. Only a hash
 * is stored, so a new key is shown once, in the dialog that issues it; a revoked key answers 403
 * at once. The list shows the prefix, who uses it and when it was last used.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { tipoffsApi, type ApiKeyCreated, type ApiKeyInput, type ApiKeyView } from '../tipoffs-api.ts';

const when = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApiKeyInput>();
  const [issuing, setIssuing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const keys = useLoad(() => tipoffsApi.apiKeys(), []);

  const issue = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const k = await tipoffsApi.issueApiKey({ name: v.name, ...(v.contact ? { contact: v.contact } : {}) });
      setCreated(k);
      form.resetFields();
      await keys.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (k: ApiKeyView) => {
    try {
      await tipoffsApi.revokeApiKey(k.id);
      message.success(t('tipoffs.apikeys.revoked', { name: k.name }));
      await keys.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };

  return (
    <Card title={<Space><KeyOutlined />{t('tipoffs.apikeys.title')}</Space>}
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => { setCreated(null); setIssuing(true); }} data-testid="apikey-issue">{t('tipoffs.apikeys.issue')}</Button>}>
      <Typography.Paragraph type="secondary">{t('tipoffs.apikeys.intro')}</Typography.Paragraph>
      <Table<ApiKeyView>
        rowKey="id" size="small" loading={keys.loading} dataSource={keys.data?.items ?? []} pagination={false} scroll={{ x: 900 }}
        locale={{ emptyText: t('tipoffs.apikeys.none') }}
        columns={[
          { title: t('tipoffs.apikeys.name'), dataIndex: 'name' },
          { title: t('tipoffs.apikeys.contact'), dataIndex: 'contact', render: (v: string | null) => v ?? '—' },
          { title: t('tipoffs.apikeys.prefix'), dataIndex: 'prefix', width: 130, render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('tipoffs.apikeys.status'), key: 'status', width: 100,
            render: (_, k) => (k.revokedAt ? <Tag>{t('tipoffs.apikeys.statusRevoked')}</Tag> : <Tag color="green">{t('tipoffs.apikeys.statusActive')}</Tag>) },
          { title: t('tipoffs.apikeys.createdAt'), dataIndex: 'createdAt', width: 150, render: when },
          { title: t('tipoffs.apikeys.lastUsedAt'), dataIndex: 'lastUsedAt', width: 150, render: when },
          { title: t('tipoffs.apikeys.revokedAt'), dataIndex: 'revokedAt', width: 150, render: when },
          { title: t('tipoffs.apikeys.actions'), key: 'actions', width: 100, fixed: 'right',
            render: (_, k) => !k.revokedAt && (
              <Popconfirm title={t('tipoffs.apikeys.revokeConfirm', { name: k.name })} okText={t('tipoffs.apikeys.revoke')} okButtonProps={{ danger: true }} onConfirm={() => revoke(k)}>
                <Button size="small" danger data-testid={`apikey-revoke-${k.id}`}>{t('tipoffs.apikeys.revoke')}</Button>
              </Popconfirm>
            ) },
        ]}
      />
      <Modal open={issuing} title={t('tipoffs.apikeys.issueTitle')} destroyOnHidden onCancel={() => { setIssuing(false); setCreated(null); }}
        footer={created
          ? <Button type="primary" onClick={() => { setIssuing(false); setCreated(null); }} data-testid="apikey-done">{t('tipoffs.apikeys.done')}</Button>
          : <Space><Button onClick={() => setIssuing(false)}>{t('tipoffs.apikeys.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => void issue()} data-testid="apikey-create">{t('tipoffs.apikeys.create')}</Button></Space>}>
        {created ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('tipoffs.apikeys.shownOnce')} />
            <Typography.Paragraph copyable={{ text: created.key }} style={{ fontSize: 16 }}>
              <Typography.Text code data-testid="apikey-value">{created.key}</Typography.Text>
            </Typography.Paragraph>
          </Space>
        ) : (
          <Form form={form} layout="vertical">
            <Form.Item name="name" label={t('tipoffs.apikeys.name')} extra={t('tipoffs.apikeys.nameHint')}
              rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('tipoffs.apikeys.nameRule') }]}>
              <Input maxLength={100} data-testid="apikey-name" />
            </Form.Item>
            <Form.Item name="contact" label={t('tipoffs.apikeys.contact')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
