/**
 * TOTP enrolment (动态口令绑定), required before first use when the policy demands a second
 * factor: scan the QR code (or type the secret) into an authenticator app, confirm one code.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, QRCode, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { errorText, showError } from '../errors.ts';
import { AuthShell } from '../../components/AuthShell.tsx';
import { PageSpinner } from '../../components/PageSpinner.tsx';

interface Setup {
  secret: string;
  otpauthUrl: string;
}

export default function TotpSetupPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  useEffect(() => {
    api.post<Setup>('/api/auth/totp/setup').then(setSetup, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) navigate('/login', { replace: true });
      else setFailure(errorText(t, e));
    });
  }, [navigate, t]);

  const enable = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await api.post('/api/auth/totp/enable', { code });
      message.success(t('totpSetup.done'));
      navigate('/app', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth.totp_invalid') form.setFields([{ name: 'code', errors: [errorText(t, e)] }]);
      else showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };

  const logout = async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <AuthShell title={t('totpSetup.title')}>
      {failure && <Alert type="error" showIcon title={failure} />}
      {!setup && !failure && <PageSpinner />}
      {setup && (
        <>
          <Typography.Paragraph>{t('totpSetup.intro')}</Typography.Paragraph>
          <div style={{ display: 'flex', justifyContent: 'center', marginBottom: 12 }}>
            <QRCode value={setup.otpauthUrl} size={180} bordered={false} aria-label={t('totpSetup.qrLabel')} />
          </div>
          <Typography.Paragraph type="secondary">{t('totpSetup.secretHint')}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: setup.secret }} code style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
            {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" requiredMark={false} onFinish={enable}>
            <Form.Item name="code" label={t('totpSetup.code')}
              rules={[{ required: true, message: t('login.totpRequired') }, { pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" style={{ letterSpacing: 6, fontSize: 20 }} />
            </Form.Item>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button type="primary" htmlType="submit" block loading={busy}>{t('totpSetup.enable')}</Button>
              <Button type="link" block onClick={() => void logout()}>{t('header.logout')}</Button>
            </Space>
          </Form>
        </>
      )}
    </AuthShell>
  );
}
