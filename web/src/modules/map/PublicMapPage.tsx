/** The public map (公众一张图): public layers only, read-only — identify and measure, no login. */
import { Layout } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../components/SunLogo.tsx';
import { MapWorkspace } from './MapWorkspace.tsx';

export default function PublicMapPage() {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#0d3b8c', paddingInline: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <SunLogo size={30} />
          <span style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 1 }}>{t('common.productName')}</span>
        </Link>
        <span style={{ color: '#fff', opacity: 0.85 }}>· {t('map.publicTitle')}</span>
        <span style={{ flex: 1 }} />
        <LanguageSwitch size="small" />
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <MapWorkspace mode="public" height="calc(100vh - 96px)" />
      </Layout.Content>
    </Layout>
  );
}
