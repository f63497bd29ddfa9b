/** Public home (门户): what the platform is for, and the two ways in. No login needed. */
import { Button, Card, Col, Layout, Row, Space, Typography } from 'antd';
import { AlertOutlined, AuditOutlined, FileProtectOutlined, GlobalOutlined, LoginOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../components/SunLogo.tsx';

const FEATURES = [
  { key: 'approvals', icon: <FileProtectOutlined /> },
  { key: 'reports', icon: <AlertOutlined /> },
  { key: 'disclosure', icon: <GlobalOutlined /> },
  { key: 'supervision', icon: <AuditOutlined /> },
] as const;

export function PortalHome() {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#0d3b8c', paddingInline: 24 }}>
        <SunLogo size={30} />
        <span style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 1 }}>{t('common.productName')}</span>
        <span style={{ flex: 1 }} />
        <LanguageSwitch size="small" />
      </Layout.Header>
      <Layout.Content>
        <div style={{ background: 'linear-gradient(135deg, #0d3b8c 0%, #1d5fc9 60%, #f0a500 170%)', color: '#fff', padding: '64px 24px 72px' }}>
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
            </Space>
          </div>
        </div>
        <div style={{ maxWidth: 1040, margin: '-32px auto 48px', padding: '0 24px' }}>
          <Row gutter={[16, 16]}>
            {FEATURES.map((f) => (
              <Col key={f.key} xs={24} sm={12} lg={6}>
                <Card style={{ height: '100%' }}>
                  <div style={{ fontSize: 28, color: '#1d5fc9' }}>{f.icon}</div>
                  <Typography.Title level={2} style={{ fontSize: 16 }}>{t(`portal.features.${f.key}.title`)}</Typography.Title>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t(`portal.features.${f.key}.body`)}</Typography.Paragraph>
                </Card>
              </Col>
            ))}
          </Row>
        </div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
    </Layout>
  );
}
