/** 用户与岗位: search, create, edit, unlock and reset users; their posts in a drawer. */
import { useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { listUsers, type AdminUser } from './users-api.ts';
import { UserFormModal } from './UserFormModal.tsx';
import { PostsDrawer } from './PostsDrawer.tsx';

const PAGE = 20;

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const manage = can('platform.user.manage');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const users = useLoad(() => listUsers(q, PAGE, (page - 1) * PAGE), [q, page]);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [postsOf, setPostsOf] = useState<AdminUser | null>(null);

  const unlock = async (u: AdminUser) => {
    try {
      await api.post(`/api/admin/users/${u.id}/unlock`);
      message.success(t('platform.users.unlocked'));
      await users.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };

  const resetPassword = async (u: AdminUser) => {
    try {
      const r = await api.post<{ temporaryPassword?: string } | undefined>(`/api/admin/users/${u.id}/reset-password`);
      const pw = r?.temporaryPassword;
      modal.success({
        title: t('platform.users.resetDone'),
        content: pw ? (
          <div>
            <p>{t('platform.users.tempPassword')}</p>
            <Typography.Paragraph copyable code>{pw}</Typography.Paragraph>
          </div>
        ) : t('platform.users.resetSent'),
      });
      await users.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };

  const locked = (u: AdminUser) => !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());

  return (
    <Card title={t('platform.users.title')}
      extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('platform.users.create')}</Button>}>
      <Input.Search allowClear placeholder={t('platform.users.searchPlaceholder')} style={{ maxWidth: 360, marginBottom: 16 }}
        onSearch={(v) => { setPage(1); setQ(v.trim()); }} />
      <Table<AdminUser>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: users.data?.total ?? 0, onChange: setPage, showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }) }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('platform.users.username'), dataIndex: 'username' },
          { title: t('platform.users.displayName'), key: 'displayName',
            render: (_, u) => <>{u.displayName}{u.kind === 'public' && <Tag style={{ marginInlineStart: 6 }}>{t('platform.users.public')}</Tag>}</> },
          { title: t('platform.users.orgUnit'), dataIndex: 'orgUnitName', render: (v: string | null) => v ?? '—' },
          { title: t('platform.users.posts'), key: 'posts', render: (_, u) => u.posts.map((p) => (en ? p.roleNameEn || p.roleName : p.roleName) ?? p.roleCode).join('、') || '—' },
          { title: t('platform.users.phone'), dataIndex: 'phone', render: (v: string | null) => v || '—' },
          {
            title: t('platform.users.status'), key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.status === 'disabled' && <Tag>{t('platform.users.disabled')}</Tag>}
                {locked(u) && <Tag color="red">{t('platform.users.locked')}</Tag>}
                {u.totpEnabled && <Tag color="blue">TOTP</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('platform.users.mustChangePassword')}</Tag>}
                {u.status === 'active' && !locked(u) && <Tag color="green">{t('platform.users.normal')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.actions'), key: 'actions', fixed: 'right', width: 280,
            render: (_, u) => (
              <Space size={0} wrap>
                {manage && <Button type="link" size="small" onClick={() => setEditing(u)}>{t('common.edit')}</Button>}
                {u.kind === 'staff' && <Button type="link" size="small" onClick={() => setPostsOf(u)}>{t('platform.users.posts')}</Button>}
                {manage && locked(u) && <Button type="link" size="small" onClick={() => void unlock(u)}>{t('platform.users.unlock')}</Button>}
                {manage && (
                  <Popconfirm title={t('platform.users.resetConfirm', { name: u.displayName })} onConfirm={() => resetPassword(u)}>
                    <Button type="link" size="small">{t('platform.users.resetPassword')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
          onSaved={async () => { setEditing(null); await users.reload(); }} />
      )}
      {postsOf && <PostsDrawer user={postsOf} onClose={() => { setPostsOf(null); void users.reload(); }} />}
    </Card>
  );
}
