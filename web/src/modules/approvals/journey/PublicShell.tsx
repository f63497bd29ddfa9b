/** The frame of the public service pages: brand, the service links, language, the applicant's login. */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Layout, Space } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../../components/SunLogo.tsx';
import type { Me } from '../../../app/session.tsx';
import { publicLoginPath, publicMe } from './journey-api.ts';

export function PublicShell({ children, width = 1100 }: { children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => { void publicMe().then(setMe, () => setMe(null)); }, [location.pathname]);

  const linkStyle = { color: '#fff', opacity: 0.92 };
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header className="no-print" style={{ display: 'flex', alignItems: 'center', gap: 18, background: '#0d3b8c', paddingInline: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff' }}>
          <SunLogo size={28} />
          <span style={{ fontSize: 19, fontWeight: 600, letterSpacing: 1 }}>{t('common.productName')}</span>
        </Link>
        <Link to="/services" style={linkStyle}>{t('approvals.journey.nav.services')}</Link>
        <Link to="/track" style={linkStyle}>{t('approvals.journey.nav.track')}</Link>
        <Link to="/verify" style={linkStyle}>{t('approvals.journey.nav.verify')}</Link>
        <span style={{ flex: 1 }} />
        <LanguageSwitch size="small" />
        {me ? (
          <Space>
            <span style={{ color: '#fff' }} data-testid="public-user">{me.user.displayName}</span>
            <Button size="small" ghost onClick={() => void api.post('/api/auth/logout').finally(() => { setMe(null); navigate('/'); })}>
              {t('approvals.journey.nav.logout')}
            </Button>
          </Space>
        ) : me === null ? (
          <Link to={publicLoginPath(location.pathname + location.search)}><Button size="small" ghost>{t('approvals.journey.nav.login')}</Button></Link>
        ) : null}
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <div style={{ maxWidth: width, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer className="no-print" style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
      <style>{'@media print { .no-print { display: none !important; } .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; } }'}</style>
    </Layout>
  );
}
