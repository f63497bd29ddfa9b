/**
 * 公众服务登录: citizens and companies log in with their phone number and password, or with an
 * SMS code, and go back to the page that sent them here (`?next=`).
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Tabs } from 'antd';
import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { postWithPow } from '../pow-retry.ts';
import { errorText } from '../errors.ts';
import { AuthShell } from '../../components/AuthShell.tsx';

/** Only a path of this site: never an absolute or protocol-relative URL. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/app') ? next : '/services';
}

export default function PublicLoginPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [smsForm] = Form.useForm<{ phone: string; code: string }>();
  const target = safeNext(params.get('next'));

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setAlert(null);
    try {
      await call();
      navigate(target, { replace: true });
    } catch (e) {
      setAlert(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = async () => {
    const phone = String(smsForm.getFieldValue('phone') ?? '').trim();
    if (!/^1\d{10}$/.test(phone)) {
      smsForm.setFields([{ name: 'phone', errors: [t('publicLogin.phoneFormat')] }]);
      return;
    }
    try {
      await api.post('/api/public/sms-code', { phone, purpose: 'login' });
      message.success(t('publicLogin.codeSent'));
    } catch (e) {
      setAlert(errorText(t, e));
    }
  };

  return (
    <AuthShell title={t('publicLogin.title')}>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Tabs items={[
        {
          key: 'password', label: t('publicLogin.byPassword'), children: (
            <Form<{ username: string; password: string }> layout="vertical" requiredMark={false}
              onFinish={(v) => void run(() => postWithPow('/api/auth/login', { username: v.username.trim(), password: v.password }))}>
              <Form.Item name="username" label={t('publicLogin.phone')} rules={[{ required: true, message: t('publicLogin.phoneRequired') }]}>
                <Input prefix={<MobileOutlined />} autoComplete="username" inputMode="tel" autoFocus />
              </Form.Item>
              <Form.Item name="password" label={t('publicLogin.password')} rules={[{ required: true, message: t('publicLogin.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('publicLogin.submit')}</Button>
            </Form>
          ),
        },
        {
          key: 'sms', label: t('publicLogin.bySms'), children: (
            <Form form={smsForm} layout="vertical" requiredMark={false}
              onFinish={(v) => void run(() => api.post('/api/public/login-sms', { phone: v.phone.trim(), code: v.code.trim() }))}>
              <Form.Item name="phone" label={t('publicLogin.phone')} rules={[{ required: true, message: t('publicLogin.phoneRequired') }]}>
                <Input prefix={<MobileOutlined />} inputMode="tel" maxLength={11} />
              </Form.Item>
              <Form.Item label={t('publicLogin.code')} required>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="code" noStyle rules={[{ required: true, message: t('publicLogin.codeRequired') }]}>
                    <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                  </Form.Item>
                  <Button onClick={() => void sendCode()}>{t('publicLogin.sendCode')}</Button>
                </Space.Compact>
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('publicLogin.submit')}</Button>
            </Form>
          ),
        },
      ]} />
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/">{t('publicLogin.back')}</Link>
      </div>
    </AuthShell>
  );
}
