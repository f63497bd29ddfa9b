/**
 * Staff login: username + password, then a TOTP step when the server asks for it
 * (`auth.totp_required`), or a change-password step when the password expired.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Space } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { postWithPow } from '../pow-retry.ts';
import { errorText } from '../errors.ts';
import type { Me } from '../session.tsx';
import { AuthShell } from '../../components/AuthShell.tsx';
import { ChangePasswordForm } from '../../components/ChangePasswordForm.tsx';

type Step = 'password' | 'totp' | 'expired';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('password');
  const [creds, setCreds] = useState<Credentials>({ username: '', password: '' });
  const [alert, setAlert] = useState<string | null>(null);
  const [mustChange, setMustChange] = useState(false);
  const [busy, setBusy] = useState(false);
  const [solving, setSolving] = useState(false);
  const [totpForm] = Form.useForm<{ totp: string }>();

  const next = params.get('next');
  const target = next && (next.startsWith('/app') || next === '/field') ? next : '/app';

  const login = async (c: Credentials, totp?: string) => {
    setBusy(true);
    setAlert(null);
    try {
      const body: Record<string, unknown> = totp ? { ...c, totp } : { ...c };
      const me = await postWithPow<Me>('/api/auth/login', body, setSolving);
      // The field app is its own page outside the router (web/field.html).
      if (!me.totpSetupRequired && target === '/field') window.location.assign('/field');
      else navigate(me.totpSetupRequired ? '/totp-setup' : target, { replace: true });
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      if (code === 'auth.totp_required') {
        setStep('totp');
      } else if (code === 'auth.password_expired') {
        // `must_change`: an administrator set this password; otherwise it is past its lifetime.
        setMustChange(e instanceof ApiError && e.details.reason === 'must_change');
        setStep('expired');
      } else if (code === 'auth.totp_invalid' && step === 'totp') {
        totpForm.setFields([{ name: 'totp', errors: [errorText(t, e)], value: '' }]);
      } else {
        setAlert(errorText(t, e));
      }
    } finally {
      setBusy(false);
    }
  };

  // 数字证书登录: the certificate of this connection (the HTTPS listener asks the browser for it).
  const certificateLogin = async () => {
    setBusy(true);
    setAlert(null);
    try {
      const me = await api.post<Me>('/api/auth/certificate', {});
      navigate(me.totpSetupRequired ? '/totp-setup' : target, { replace: true });
    } catch (e) {
      setAlert(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const title = step === 'totp' ? t('login.totpTitle')
    : step === 'expired' ? (mustChange ? t('login.mustChangeTitle') : t('login.expiredTitle'))
    : t('login.title');
  return (
    <AuthShell title={title}>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      {solving && <Alert type="info" showIcon title={t('login.powSolving')} style={{ marginBottom: 16 }} data-testid="login-pow" />}
      {step === 'password' && (
        <Form<Credentials> layout="vertical" requiredMark={false} initialValues={creds}
          onFinish={(v) => { setCreds(v); void login(v); }}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('login.submit')}</Button>
          <Button block size="large" icon={<SafetyCertificateOutlined />} style={{ marginTop: 12 }} disabled={busy} onClick={() => void certificateLogin()}
            data-testid="login-certificate">{t('login.certificate')}</Button>
        </Form>
      )}
      {step === 'totp' && (
        <Form form={totpForm} layout="vertical" requiredMark={false} onFinish={(v) => void login(creds, v.totp)}>
          <p>{t('login.totpHint')}</p>
          <Form.Item name="totp" label={t('login.totp')}
            rules={[{ required: true, message: t('login.totpRequired') }, { pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
            <Input prefix={<SafetyCertificateOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus
              style={{ letterSpacing: 6, fontSize: 20 }} />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('login.verify')}</Button>
            <Button type="link" block onClick={() => { setStep('password'); setAlert(null); }}>{t('login.back')}</Button>
          </Space>
        </Form>
      )}
      {step === 'expired' && (
        <>
          <Alert type="warning" showIcon title={mustChange ? t('login.mustChangeHint') : t('login.expiredHint')} style={{ marginBottom: 16 }} />
          <ChangePasswordForm username={creds.username} oldPassword={creds.password} submitText={t('login.changeAndLogin')}
            onDone={async (newPassword) => {
              const c = { ...creds, password: newPassword };
              setCreds(c);
              setStep('password');
              await login(c);
            }} />
          <Button type="link" block onClick={() => setStep('password')}>{t('login.back')}</Button>
        </>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/">{t('login.backToPortal')}</Link>
      </div>
    </AuthShell>
  );
}
