/** A user's posts (岗位 = org unit + role): add and remove. */
import { useMemo } from 'react';
import { App, Button, Drawer, Empty, Form, List, Popconfirm, Select, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { itemsOf, useLoad } from '../../../components/useLoad.ts';
import { buildOrgTree, listOrgUnits } from '../orgs/org-units.ts';
import type { AdminPost, AdminUser, RoleOption } from './users-api.ts';

/** The roles to grant, custom roles of the security admin included. */
async function loadRoles(): Promise<RoleOption[]> {
  const d = await api.get<{ roles: RoleOption[] }>('/api/admin/role-options');
  return itemsOf<RoleOption>(d.roles);
}

export function PostsDrawer({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('platform.post.manage');
  const en = i18n.language === 'en-US';
  const [form] = Form.useForm<{ orgUnitId: number; roleCode: string }>();
  const detail = useLoad(() => api.get<AdminUser>(`/api/admin/users/${user.id}`), [user.id]);
  const units = useLoad(listOrgUnits, []);
  const roles = useLoad(loadRoles, []);
  const tree = useMemo(() => buildOrgTree(units.data ?? [], en), [units.data, en]);
  const posts: AdminPost[] = detail.data?.posts ?? user.posts ?? [];

  const add = async (v: { orgUnitId: number; roleCode: string }) => {
    try {
      await api.post(`/api/admin/users/${user.id}/posts`, v);
      message.success(t('platform.users.postAdded'));
      form.resetFields();
      await detail.reload();
    } catch (e) {
      showError(t, e, message, form);
    }
  };
  const remove = async (p: AdminPost) => {
    try {
      await api.delete(`/api/admin/posts/${p.id}`);
      message.success(t('platform.users.postRemoved'));
      await detail.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };
  const roleName = (p: AdminPost) => (en ? p.roleNameEn || p.roleName : p.roleName) ?? p.roleCode;
  const unitName = (p: AdminPost) => (en ? p.orgUnitNameEn || p.orgUnitName : p.orgUnitName) ?? `#${p.orgUnitId}`;

  return (
    <Drawer open size={520} title={t('platform.users.postsOf', { name: user.displayName })} onClose={onClose}>
      {posts.length === 0 ? <Empty description={t('platform.users.noPosts')} /> : (
        <List<AdminPost> dataSource={posts} loading={detail.loading} renderItem={(p) => (
          <List.Item actions={manage ? [
            <Popconfirm key="rm" title={t('platform.users.removePostConfirm')} onConfirm={() => remove(p)}>
              <Button type="link" danger size="small">{t('common.delete')}</Button>
            </Popconfirm>,
          ] : []}>
            <List.Item.Meta title={roleName(p)} description={unitName(p)} />
          </List.Item>
        )} />
      )}
      {manage && (
        <Form form={form} layout="vertical" onFinish={add} style={{ marginTop: 24 }}>
          <Form.Item name="orgUnitId" label={t('platform.users.orgUnit')} rules={[{ required: true, message: t('platform.users.orgUnitRequired') }]}>
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" aria-label={t('platform.users.orgUnitPlaceholder')} placeholder={t('platform.users.orgUnitPlaceholder')} />
          </Form.Item>
          <Form.Item name="roleCode" label={t('platform.users.role')} rules={[{ required: true, message: t('platform.users.roleRequired') }]}>
            <Select showSearch optionFilterProp="label" loading={roles.loading}
              options={(roles.data ?? []).map((r) => ({ value: r.code, label: (en ? r.nameEn || r.name : r.name) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />}>{t('platform.users.addPost')}</Button>
        </Form>
      )}
    </Drawer>
  );
}
