/** 工作台 home: who and where you are acting, your security status, and shortcuts to your pages. */
import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { postLabel, useSession } from '../session.tsx';
import { visibleNav } from '../nav.tsx';

export default function WorkbenchHome() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const en = i18n.language === 'en-US';
  const post = me.posts.find((p) => p.id === me.activePostId);
  const shortcuts = visibleNav(me.permissions).filter((n) => n.path);
  const expires = me.passwordExpiresAt ? dayjs(me.passwordExpiresAt) : null;
  const daysLeft = expires ? expires.diff(dayjs(), 'day') : null;

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }} data-testid="welcome">
            {t('workbench.welcome', { name: me.user.displayName })}
          </Typography.Title>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('workbench.activePost')}>
              <span data-testid="active-post">{post ? postLabel(post, en) : t('workbench.noPost')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('workbench.username')}>{me.user.username}</Descriptions.Item>
            <Descriptions.Item label={t('workbench.totp')}>
              {me.totpEnabled ? <Tag color="green">{t('workbench.totpOn')}</Tag> : <Tag>{t('workbench.totpOff')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('workbench.passwordExpires')}>
              {expires ? (
                <span>
                  {expires.format('YYYY-MM-DD')}{' '}
                  {daysLeft !== null && daysLeft <= 14 && <Tag color="orange">{t('workbench.daysLeft', { count: Math.max(daysLeft, 0) })}</Tag>}
                </span>
              ) : t('workbench.never')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      {shortcuts.length > 0 && (
        <Col span={24}>
          <Card title={t('workbench.shortcuts')}>
            <Row gutter={[12, 12]}>
              {shortcuts.map((n) => (
                <Col key={n.key} xs={12} md={8} lg={6}>
                  <Card hoverable size="small" onClick={() => navigate(`/app/${n.path}`)}>
                    <span style={{ fontSize: 18, color: '#1d5fc9', marginRight: 8 }}>{n.icon}</span>
                    {t(n.labelKey)}
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      )}
      <Col span={24}>
        <Card title={t('workbench.todoTitle')}>
          <Typography.Text type="secondary">{t('workbench.todoEmpty')}</Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}
