/**
 * Old password → new password (twice), plus the authenticator code when the server asks for it
 * (accounts with TOTP). Used after `auth.password_expired` and from the user menu.
 */
import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';
import { postWithPow } from '../app/pow-retry.ts';
import { showError } from '../app/errors.ts';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
  totp?: string;
}

export function ChangePasswordForm({ username, oldPassword, onDone, submitText }: {
  username: string;
  /** Pre-filled when the user just typed it on the login form. */
  oldPassword?: string;
  onDone(newPassword: string): void | Promise<void>;
  submitText?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const submit = async (v: Values) => {
    try {
      await postWithPow('/api/auth/password', {
        username, oldPassword: v.oldPassword, newPassword: v.newPassword, ...(needTotp && v.totp ? { totp: v.totp } : {}),
      });
      message.success(t('password.changed'));
      await onDone(v.newPassword);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth.totp_required' && !needTotp) {
        setNeedTotp(true);
        return;
      }
      showError(t, e, message, form);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ oldPassword: oldPassword ?? '', newPassword: '', confirm: '' }} requiredMark={false}>
      <Form.Item name="oldPassword" label={t('password.old')} rules={[{ required: true, message: t('password.oldRequired') }]} hidden={oldPassword !== undefined}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} extra={t('password.rules')}
        rules={[{ required: true, message: t('password.newRequired') }, { min: 8, message: t('password.tooShort') }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="confirm" label={t('password.confirm')} dependencies={['newPassword']}
        rules={[{ required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) })]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {needTotp && (
        <Form.Item name="totp" label={t('password.totp')} extra={t('password.totpHint')}
          rules={[{ required: true, message: t('login.totpRequired') }, { pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus style={{ letterSpacing: 6 }} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block>{submitText ?? t('password.submit')}</Button>
    </Form>
  );
}
