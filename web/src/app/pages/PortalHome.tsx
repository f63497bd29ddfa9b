/** Public home (门户): what the platform is for, and the two ways in. No login needed. */
import { Button, Card, Col, Layout, Row, Space, Typography } from 'antd';
import { AlertOutlined, AuditOutlined, BankOutlined, EnvironmentOutlined, FileProtectOutlined, GlobalOutlined, LoginOutlined, SafetyCertificateOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PublicHeader } from '../layout/PublicHeader.tsx';

/** Each card leads to where the feature is used; 电子监察 is the staff's, behind their login. */
const FEATURES = [
  { key: 'approvals', icon: <FileProtectOutlined />, to: '/services' },
  { key: 'reports', icon: <AlertOutlined />, to: '/report' },
  { key: 'disclosure', icon: <GlobalOutlined />, to: '/disclosure' },
  { key: 'map', icon: <EnvironmentOutlined />, to: '/map' },
  { key: 'verify', icon: <SafetyCertificateOutlined />, to: '/verify' },
  { key: 'trading', icon: <BankOutlined />, to: '/trading' },
  { key: 'supervision', icon: <AuditOutlined />, to: '/login' },
] as const;

export function PortalHome() {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader />
      <Layout.Content>
        <div style={{ background: 'linear-gradient(135deg, #0d3b8c 0%, #1d5fc9 60%, #f0a500 170%)', color: '#fff', padding: 'clamp(32px, 8vw, 64px) 16px 72px' }}>
          <div style={{ maxWidth: 1040, margin: '0 auto' }}>
            <Typography.Title style={{ color: '#fff', marginTop: 0 }}>{t('portal.title')}</Typography.Title>
            <p style={{ fontSize: 17, maxWidth: 680, opacity: 0.92 }}>{t('portal.intro')}</p>
            <Space size="middle" wrap style={{ marginTop: 16 }}>
              <Link to="/login"><Button size="large" type="primary" icon={<LoginOutlined />}>{t('portal.staffLogin')}</Button></Link>
              <Link to="/public/login"><Button size="large" ghost icon={<UserOutlined />}>{t('portal.publicLogin')}</Button></Link>
              <Link to="/disclosure"><Button size="large" ghost icon={<GlobalOutlined />}>{t('approvals.disclosure.portalLink')}</Button></Link>
              <Link to="/report"><Button size="large" ghost icon={<AlertOutlined />}>{t('tipoffs.report.title')}</Button></Link>
              <Link to="/services"><Button size="large" ghost icon={<FileProtectOutlined />}>{t('approvals.journey.nav.services')}</Button></Link>
              <Link to="/track"><Button size="large" ghost icon={<SearchOutlined />}>{t('approvals.journey.nav.track')}</Button></Link>
              {/* The server-rendered bureau websites (网站群), outside the single-page app. */}
              <Button size="large" ghost icon={<GlobalOutlined />} href="/portal" data-testid="portal-sites-link">{t('portal.sitesLink')}</Button>
            </Space>
          </div>
        </div>
        <div style={{ maxWidth: 1040, margin: '-32px auto 48px', padding: '0 24px' }}>
          <Row gutter={[16, 16]}>
            {FEATURES.map((f) => (
              <Col key={f.key} xs={24} sm={12} lg={8}>
                <Link to={f.to} data-testid={`feature-${f.key}`} style={{ display: 'block', height: '100%' }}>
                  <Card hoverable style={{ height: '100%' }}>
                    <div style={{ fontSize: 28, color: '#1d5fc9' }}>{f.icon}</div>
                    <Typography.Title level={2} style={{ fontSize: 16 }}>{t(`portal.features.${f.key}.title`)}</Typography.Title>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t(`portal.features.${f.key}.body`)}</Typography.Paragraph>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
    </Layout>
  );
}
