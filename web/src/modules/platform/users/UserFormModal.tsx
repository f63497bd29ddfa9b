/**
 * Create (`POST /api/admin/users`) or edit (`PATCH /api/admin/users/:id`) a user. The org unit
 * is fixed after creation: where someone acts is given by their posts.
 */
import { useMemo } from 'react';
import { App, Form, Input, Modal, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { buildOrgTree, listOrgUnits } from '../orgs/org-units.ts';
import type { AdminUser } from './users-api.ts';

interface Values {
  username: string;
  displayName: string;
  orgUnitId: number;
  phone?: string;
  email?: string;
  password?: string;
  active: boolean;
}

/** Empty optional inputs are left out on create and sent as null on edit (to clear them). */
function optional(v: string | undefined, edit: boolean): string | null | undefined {
  const s = v?.trim();
  if (s) return s;
  return edit ? null : undefined;
}

export function UserFormModal({ user, onClose, onSaved }: { user: AdminUser | null; onClose(): void; onSaved(): void | Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useLoad(listOrgUnits, []);
  const tree = useMemo(() => buildOrgTree(units.data ?? [], i18n.language === 'en-US'), [units.data, i18n.language]);
  const edit = user !== null;

  const submit = async (v: Values) => {
    try {
      if (edit) {
        await api.patch(`/api/admin/users/${user.id}`, {
          displayName: v.displayName.trim(), phone: optional(v.phone, true), email: optional(v.email, true),
          status: v.active ? 'active' : 'disabled',
        });
      } else {
        const body: Record<string, unknown> = { username: v.username.trim(), displayName: v.displayName.trim(), orgUnitId: v.orgUnitId, password: v.password };
        const phone = optional(v.phone, false);
        const email = optional(v.email, false);
        if (phone) body.phone = phone;
        if (email) body.email = email;
        await api.post('/api/admin/users', body);
      }
      message.success(edit ? t('common.saved') : t('common.created'));
      await onSaved();
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  return (
    <Modal open title={edit ? t('platform.users.edit') : t('platform.users.create')} onCancel={onClose} onOk={() => form.submit()}
      okText={edit ? t('common.save') : t('common.create')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}
        initialValues={user ? { ...user, phone: user.phone ?? '', email: user.email ?? '', orgUnitId: user.orgUnitId ?? undefined, active: user.status === 'active' } : { active: true }}>
        <Form.Item name="username" label={t('platform.users.username')}
          rules={[{ required: true, message: t('platform.users.usernameRequired') }, { pattern: /^[a-z][a-z0-9_.-]{2,39}$/, message: t('platform.users.usernameFormat') }]}>
          <Input disabled={edit} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('platform.users.displayName')} rules={[{ required: true, message: t('platform.users.displayNameRequired') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('platform.users.orgUnit')} rules={[{ required: true, message: t('platform.users.orgUnitRequired') }]}
          extra={edit ? t('platform.users.orgUnitFixed') : undefined}>
          <TreeSelect disabled={edit} treeData={tree} showSearch treeNodeFilterProp="title" loading={units.loading} treeDefaultExpandAll={false}
            placeholder={t('platform.users.orgUnitPlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" label={t('platform.users.phone')} rules={[{ pattern: /^1\d{10}$/, message: t('errors.identity.phone_invalid') }]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="email" label={t('platform.users.email')} rules={[{ type: 'email', message: t('platform.users.emailInvalid') }]}>
          <Input />
        </Form.Item>
        {!edit && (
          <Form.Item name="password" label={t('platform.users.initialPassword')} extra={t('password.rules')}
            rules={[{ required: true, message: t('password.newRequired') }, { min: 8, message: t('password.tooShort') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {edit && (
          <Form.Item name="active" label={t('platform.users.enabled')} valuePropName="checked"><Switch /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}
