/** The frame of the public service pages: the shared public header with the applicant's login, a centred column. */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Layout, Space } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { PublicHeader } from '../../../app/layout/PublicHeader.tsx';
import type { Me } from '../../../app/session.tsx';
import { publicLoginPath, publicMe } from './journey-api.ts';

export function PublicShell({ children, width = 1100 }: { children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => { void publicMe().then(setMe, () => setMe(null)); }, [location.pathname]);

  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader className="no-print" account={me ? (
        <Space size={8} className="public-account">
          <Link to="/my" style={{ color: '#fff' }} data-testid="my-cases-link">{t('approvals.journey.nav.my')}</Link>
          <span className="public-account-name" title={me.user.displayName} data-testid="public-user">{me.user.displayName}</span>
          <Button size="small" ghost onClick={() => void api.post('/api/auth/logout').finally(() => { setMe(null); navigate('/'); })}>
            {t('approvals.journey.nav.logout')}
          </Button>
        </Space>
      ) : me === null ? (
        <Link to={publicLoginPath(location.pathname + location.search)}><Button size="small" ghost>{t('approvals.journey.nav.login')}</Button></Link>
      ) : null} />
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <div style={{ maxWidth: width, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer className="no-print" style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
      {/* A long company name is cut with an ellipsis (its full text in the title) so that 退出 stays inside the blue header, at 390 px too. */}
      <style>{`
        .public-account { display: flex; flex-wrap: nowrap; min-width: 0; }
        .public-account .ant-space-item { flex-shrink: 0; }
        .public-account-name { color: #fff; display: inline-block; max-width: 16em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: middle; }
        @media (max-width: 991px) { .public-account-name { max-width: max(3em, calc(100vw - 330px)); } }
        @media (max-width: 359px) { .public-account-name { display: none; } }
      `}</style>
      <style>{'@media print { .no-print { display: none !important; } .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; } }'}</style>
    </Layout>
  );
}
