/**
 * The one header of every public page (门户): the brand back to the portal home, the public
 * services, the language and the account. Below 992 px the links fold into a menu drawer, so
 * that a phone shows the brand on one line and a menu button.
 */
import { useState, type ReactNode } from 'react';
import { Button, Drawer, Grid, Layout } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SunLogo } from '../../components/SunLogo.tsx';

/** The public pages every visitor can reach, in the order of the header. */
export const PUBLIC_NAV = [
  { key: 'home', to: '/' },
  { key: 'services', to: '/services' },
  { key: 'track', to: '/track' },
  { key: 'report', to: '/report' },
  { key: 'disclosure', to: '/disclosure' },
  { key: 'map', to: '/map' },
  { key: 'verify', to: '/verify' },
] as const;

/** Public paths the server renders itself (issue 18): a full page load, not the app's route. */
const SERVER_PAGES = new Set<string>(['/', '/services', '/disclosure', '/map']);

const BRAND = '#0d3b8c';

function isCurrent(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/';
  // /report/track is 举报查询, still under 违法举报; /services/x/apply under 办事服务.
  return pathname === to || pathname.startsWith(`${to}/`);
}

/** `account`: the login button or the signed-in applicant, given by the page that knows it. */
export function PublicHeader({ account, className }: { account?: ReactNode; className?: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? true;
  const [open, setOpen] = useState(false);

  const links = PUBLIC_NAV.map((n) => {
    const current = isCurrent(pathname, n.to);
    const props = { 'aria-current': current ? 'page' as const : undefined, className: 'public-nav-link', 'data-current': current || undefined };
    // The home, the guide, the results and the map are the server's pages (server/src/public-home.ts,
    // the portal's /services, /disclosure and /map): plain links, not client routes.
    if (SERVER_PAGES.has(n.to)) return <a key={n.key} href={n.to} {...props}>{t(`publicNav.${n.key}`)}</a>;
    return (
      <Link key={n.key} to={n.to} onClick={() => setOpen(false)} {...props}>
        {t(`publicNav.${n.key}`)}
      </Link>
    );
  });

  return (
    <Layout.Header className={className} data-testid="public-header"
      style={{ display: 'flex', alignItems: 'center', gap: 16, background: BRAND, paddingInline: wide ? 24 : 12, flexWrap: 'nowrap' }}>
      <a href="/" aria-label={t('publicNav.homeLabel')} style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', flexShrink: 0, whiteSpace: 'nowrap' }}>
        <SunLogo size={28} />
        <span style={{ fontSize: wide ? 19 : 17, fontWeight: 600, letterSpacing: 1 }}>{t('common.productName')}</span>
      </a>
      {wide ? (
        <>
          <nav aria-label={t('publicNav.label')} style={{ display: 'flex', gap: 4, minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap' }}>{links}</nav>
          <span style={{ flex: 1 }} />
          <LanguageSwitch size="small" />
          {account}
        </>
      ) : (
        <>
          <span style={{ flex: 1 }} />
          {account && <span style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>{account}</span>}
          <Button type="text" aria-label={t('publicNav.menu')} aria-expanded={open} onClick={() => setOpen(true)}
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 20 }} />} data-testid="public-menu" />
          <Drawer open={open} onClose={() => setOpen(false)} placement="right" width={260} title={t('publicNav.menu')}>
            <nav aria-label={t('publicNav.label')} className="public-nav-drawer" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>{links}</nav>
            <div style={{ marginTop: 24 }}><LanguageSwitch /></div>
          </Drawer>
        </>
      )}
      <style>{`
        .public-nav-link { color: #fff; opacity: .9; padding: 4px 10px; border-radius: 4px; line-height: 24px; }
        .public-nav-link:hover, .public-nav-link:focus-visible { opacity: 1; background: rgba(255,255,255,.14); color: #fff; }
        .public-nav-link[data-current] { opacity: 1; background: rgba(255,255,255,.2); font-weight: 600; }
        .public-nav-drawer .public-nav-link { color: ${BRAND}; font-size: 16px; padding: 10px 12px; }
        .public-nav-drawer .public-nav-link:hover, .public-nav-drawer .public-nav-link:focus-visible { background: #eef3fb; color: ${BRAND}; }
        .public-nav-drawer .public-nav-link[data-current] { background: #e3ecfa; }
      `}</style>
    </Layout.Header>
  );
}
