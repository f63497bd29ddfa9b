/** The signed-in user's name with change password and logout. */
import { useState } from 'react';
import { App, Avatar, Dropdown, Modal } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { showError } from '../errors.ts';
import { useSession } from '../session.tsx';
import { ChangePasswordForm } from '../../components/ChangePasswordForm.tsx';

export function UserMenu() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);

  const logout = async () => {
    try {
      await api.post('/api/auth/logout');
      message.success(t('header.loggedOut'));
      navigate('/login', { replace: true });
    } catch (e) {
      showError(t, e, message);
    }
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
            { type: 'divider' },
            { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChanging(true);
            if (key === 'logout') void logout();
          },
        }}
      >
        <button type="button" data-testid="user-menu" aria-label={me.user.displayName}
          style={{ display: 'flex', alignItems: 'center', gap: 8, color: '#fff', background: 'none', border: 0, cursor: 'pointer', whiteSpace: 'nowrap', font: 'inherit' }}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#f0a500' }} />
          <span className="wb-user-name">{me.user.displayName}</span>
        </button>
      </Dropdown>
      <Modal open={changing} title={t('header.changePassword')} footer={null} onCancel={() => setChanging(false)} destroyOnHidden>
        <ChangePasswordForm username={me.user.username} onDone={() => setChanging(false)} />
      </Modal>
    </>
  );
}
