/** The portal frame of the public tip-off pages: the header of the portal home and a centred column. */
import type { ReactNode } from 'react';
import { Layout } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../../components/SunLogo.tsx';

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#0d3b8c', paddingInline: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <SunLogo size={30} />
          <span style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 1 }}>{t('common.productName')}</span>
        </Link>
        <span style={{ flex: 1 }} />
        <LanguageSwitch size="small" />
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <div style={{ maxWidth: 880, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
    </Layout>
  );
}
