/**
 * 安全策略 (security admin): password, lockout, session and second-factor settings. The form is
 * built from the policy the server returns, so a new setting shows up without a web change;
 * its label comes from `platform.policy.fields.<name>` when translated.
 */
import { App, Button, Card, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';

type Policy = Record<string, unknown>;

/** Read-only bookkeeping fields the server may include. */
const READ_ONLY = new Set(['id', 'updatedAt', 'updatedBy', 'version']);

export default function SecurityPolicyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Policy>();
  const policy = useLoad(async () => {
    const p = await api.get<Policy>('/api/admin/security-policy');
    form.setFieldsValue(p);
    return p;
  }, []);
  const fields = Object.entries(policy.data ?? {}).filter(([k, v]) => !READ_ONLY.has(k) && ['number', 'boolean', 'string'].includes(typeof v));

  const save = async (v: Policy) => {
    try {
      const saved = await api.put<Policy | undefined>('/api/admin/security-policy', v);
      message.success(t('common.saved'));
      if (saved && typeof saved === 'object') form.setFieldsValue(saved);
      await policy.reload();
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  return (
    <Card title={t('platform.policy.title')} loading={policy.loading && !policy.data}>
      <Typography.Paragraph type="secondary">{t('platform.policy.intro')}</Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ flex: '280px' }} labelWrap onFinish={save} style={{ maxWidth: 720 }}>
        {fields.map(([name, value]) => (
          <Form.Item key={name} name={name} label={t(`platform.policy.fields.${name}`, { defaultValue: name })}
            valuePropName={typeof value === 'boolean' ? 'checked' : 'value'}
            rules={typeof value === 'number' ? [{ required: true, type: 'number', min: 0, message: t('platform.policy.numberRequired') }] : []}>
            {typeof value === 'boolean' ? <Switch /> : typeof value === 'number' ? <InputNumber min={0} style={{ width: 160 }} /> : <Input />}
          </Form.Item>
        ))}
        <Form.Item label=" " colon={false}>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.save')}</Button>
            <Button onClick={() => policy.data && form.setFieldsValue(policy.data)}>{t('platform.policy.revert')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
