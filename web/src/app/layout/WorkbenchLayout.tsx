/**
 * The staff workbench frame: header (product, post switcher, language, notifications, user
 * menu) and a side menu holding only the pages the active post may open. Below the `md`
 * breakpoint (768 px, phones) the side menu becomes a drawer opened from the header's menu
 * button, the language switch moves into that drawer, and workbench.css keeps every page
 * inside the screen (tables scroll in their card, forms in one column).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from '../session.tsx';
import { visibleNav, type NavItem } from '../nav.tsx';
import { PageSpinner } from '../../components/PageSpinner.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../components/SunLogo.tsx';
import './workbench.css';

// The header's widgets load after the page (issue 10, township link): the post switcher (a select),
// the bell (a list in a popover, its unread count and event stream) and the user menu (a dropdown,
// the password dialog) are not needed to use the form the clerk opened.
const PostSwitcher = lazy(() => import('./PostSwitcher.tsx').then((m) => ({ default: m.PostSwitcher })));
const NotificationBell = lazy(() => import('./NotificationBell.tsx').then((m) => ({ default: m.NotificationBell })));
const UserMenu = lazy(() => import('./UserMenu.tsx').then((m) => ({ default: m.UserMenu })));

export default function WorkbenchLayout() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function menuItems(nav: NavItem[], t: (k: string) => string): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [];
  const groups = new Map<string, { key: string; label: string; type: 'group'; children: NonNullable<MenuProps['items']> }>();
  for (const n of nav) {
    const item = { key: n.key, icon: n.icon, label: t(n.labelKey) };
    if (!n.groupKey) {
      items.push(item);
      continue;
    }
    let g = groups.get(n.groupKey);
    if (!g) {
      g = { key: n.groupKey, label: t(n.groupKey), type: 'group', children: [] };
      groups.set(n.groupKey, g);
      items.push(g);
    }
    g.children.push(item);
  }
  return items;
}

function Shell() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const nav = useMemo(() => visibleNav(me.permissions), [me.permissions]);
  const sub = location.pathname.replace(/^\/app\/?/, '').split('/')[0] ?? '';
  const selected = nav.find((n) => n.path === sub)?.key ?? 'home';

  const screens = Grid.useBreakpoint();
  // Until the first measurement antd reports no breakpoint: treat that as a wide screen.
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menu = (
    <Menu mode="inline" selectedKeys={[selected]} items={menuItems(nav, t)} style={{ borderRight: 0 }} data-testid="side-menu"
      onClick={({ key }) => {
        const n = nav.find((x) => x.key === key);
        setDrawerOpen(false);
        if (n) navigate(n.path ? `/app/${n.path}` : '/app');
      }} />
  );

  return (
    <Layout style={{ minHeight: '100%' }} className={phone ? 'wb-phone' : undefined}>
      <Layout.Header className="wb-header" style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#0d3b8c', paddingInline: 20 }}>
        {phone && (
          <Button type="text" className="wb-menu-button" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)} />
        )}
        <a href="/app" onClick={(e) => { e.preventDefault(); navigate('/app'); }} className="wb-home-link"
          style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', whiteSpace: 'nowrap' }}>
          <SunLogo size={28} />
          <span style={{ fontSize: 19, fontWeight: 600, letterSpacing: 1 }} data-testid="product-name">{t('common.productName')}</span>
        </a>
        <span style={{ flex: 1 }} />
        <Suspense fallback={null}><PostSwitcher /></Suspense>
        {!phone && <LanguageSwitch size="small" />}
        <Suspense fallback={null}><NotificationBell /></Suspense>
        <Suspense fallback={null}><UserMenu /></Suspense>
      </Layout.Header>
      <Layout>
        {phone ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} width={264} title={t('nav.menu')}
            styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}>
            {menu}
            <div style={{ padding: 16, marginTop: 'auto' }}><LanguageSwitch size="small" /></div>
          </Drawer>
        ) : (
          <Layout.Sider theme="light" width={208} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg"
            // The menu scrolls on its own (it is longer than a screen for a leader): the page is only as tall as its content.
            style={{ borderRight: '1px solid #f0f0f0', position: 'sticky', top: 0, height: 'calc(100vh - 64px)', overflowY: 'auto' }}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="wb-content" style={{ padding: phone ? 8 : 20, minWidth: 0 }}>
          {/* The page's <h1> for screen readers: the menu entry it belongs to (each page shows its title in a card). */}
          <h1 className="sr-only" data-testid="page-heading">{t(nav.find((n) => n.key === selected)?.labelKey ?? 'nav.home')}</h1>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
