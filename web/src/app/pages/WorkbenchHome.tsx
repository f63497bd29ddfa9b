/** 工作台 home: who and where you are acting, your security status, and shortcuts to your pages. */
import { Badge, Card, Col, Descriptions, List, Row, Tag, Typography } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { postLabel, useSession } from '../session.tsx';
import { visibleNav } from '../nav.tsx';
import { api } from '../api.ts';
import { useLoad } from '../../components/useLoad.ts';

/** One to-do of a module (GET /api/todos, platform/todos): the label is the i18n key. */
interface Todo { module: string; key: string; count: number; link: string; level: 'info' | 'warning' | 'danger' }
const BADGE_COLOR = { info: '#1d5fc9', warning: '#d48806', danger: '#cf1322' } as const;

export default function WorkbenchHome() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const en = i18n.language === 'en-US';
  const post = me.posts.find((p) => p.id === me.activePostId);
  const shortcuts = visibleNav(me.permissions).filter((n) => n.path);
  const expires = me.passwordExpiresAt ? dayjs(me.passwordExpiresAt) : null;
  const daysLeft = expires ? expires.diff(dayjs(), 'day') : null;
  // Refetched when the active post changes: the counts follow its permissions and scope.
  const todos = useLoad(() => api.get<Todo[]>('/api/todos'), [me.activePostId]);
  // The offline field app (/field, its own entry, not a route of this app) for posts holding a field form.
  const fieldForms = useLoad(() => api.get<unknown[]>('/api/field/forms'), [me.activePostId]);
  const hasFieldApp = (fieldForms.data ?? []).length > 0;

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
      {(shortcuts.length > 0 || hasFieldApp) && (
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
              {hasFieldApp && (
                <Col xs={12} md={8} lg={6}>
                  <Card hoverable size="small"><a href="/field" data-testid="field-app-link">
                    <span style={{ fontSize: 18, color: '#1d5fc9', marginRight: 8 }}><MobileOutlined /></span>{t('workbench.fieldApp')}
                  </a></Card>
                </Col>
              )}
            </Row>
          </Card>
        </Col>
      )}
      <Col span={24}>
        <Card title={t('workbench.todoTitle')} loading={todos.loading && !todos.data} data-testid="todos">
          {(todos.data ?? []).length === 0 ? <Typography.Text type="secondary">{t('workbench.todoEmpty')}</Typography.Text> : (
            <List size="small" dataSource={todos.data ?? []} renderItem={(x) => (
              <List.Item key={x.key} data-testid={`todo-${x.key}`} actions={[<Link key="go" to={x.link}>{t('workbench.todoOpen')}</Link>]}>
                <Link to={x.link} style={{ display: 'flex', alignItems: 'center', gap: 10, color: 'inherit' }}>
                  <Badge count={x.count} overflowCount={9999} showZero color={BADGE_COLOR[x.level]} data-testid="todo-count" />
                  <span>{t(x.key)}</span>
                </Link>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
