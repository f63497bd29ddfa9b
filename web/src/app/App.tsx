/** Providers and routes. Everything behind /app is loaded lazily so the login page stays small. */
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '../components/PageSpinner.tsx';
import { PUBLIC_ROUTES } from './public-routes.tsx';
import { antdEn, antdZh } from './antd-locales.ts';

// Code splitting (issue 10, township link): the entry holds the providers and the router only;
// the login page, the workbench (menu, icons, permission guard, every module page) and each public
// page load when their route opens. The home `/` is a server-rendered page (server/src/public-home.ts).
const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const NotFound = lazy(() => import('../components/ErrorPages.tsx').then((m) => ({ default: m.NotFound })));
const WorkbenchRoutes = lazy(() => import('./WorkbenchRoutes.tsx'));
const TotpSetupPage = lazy(() => import('./pages/TotpSetupPage.tsx'));
const PublicLoginPage = lazy(() => import('./pages/PublicLoginPage.tsx'));

/**
 * Colours meet WCAG 2.1 AA (4.5:1 for text on white and on the tags' light backgrounds, issue 21):
 * links in the primary blue instead of antd's #1677ff (4.1:1), secondary text and placeholders
 * darker than antd's #8c8c8c / #bfbfbf, and the 7th shade of each tag colour (its text on the
 * 1st) one step darker. Fixed here once, never per page.
 */
export const THEME = { token: {
  colorPrimary: '#1d5fc9', borderRadius: 6,
  // Hover and pressed shades darker, not lighter, than the primary: white text stays ≥ 4.5:1.
  colorPrimaryHover: '#174ea6', colorPrimaryActive: '#0d3b8c',
  colorLink: '#1d5fc9', colorLinkHover: '#174ea6', colorLinkActive: '#0d3b8c', colorInfo: '#1d5fc9',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  colorSuccess: '#237804', colorWarning: '#ad4e00', colorError: '#cf1322',
  ...tagText({ green: '#237804', gold: '#874d00', orange: '#ad4e00', volcano: '#ad2102', red: '#a8071a', cyan: '#006d75', lime: '#3f6600',
    blue: '#0958d9', geekblue: '#1d39c4', purple: '#531dab', magenta: '#c41d7f', yellow: '#7c6a00' }),
}, components: {
  // The empty-table text ("暂无数据") is not disabled text: readable like any other.
  Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
  // Days of the neighbouring months in the calendar: still dates to read.
  Calendar: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
} };

/** antd keeps each palette shade under two names (green7 and green-7, one CSS variable): set both. */
function tagText(colours: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(colours).flatMap(([k, v]) => [[`${k}7`, v], [`${k}-7`, v]]));
}

/** The path this document was loaded at: the server answers `/` itself, so the app never boots there but in a dev set-up. */
const BOOT_PATH = window.location.pathname;

/**
 * `/` inside the app (a link or navigate('/') from a public page): the home is the server's page,
 * so leave the app for it. Booted at `/` (no server page, e.g. vite without its proxy), link to it.
 */
function ServerHome() {
  const leave = BOOT_PATH !== '/';
  useEffect(() => {
    if (leave) window.location.replace('/');
  }, [leave]);
  return leave ? <PageSpinner /> : <NotFound home="/portal" />;
}

export function App() {
  const { i18n, t } = useTranslation();
  const en = i18n.language === 'en-US';
  dayjs.locale(en ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={en ? antdEn : antdZh} theme={THEME}>
      <AntApp style={{ height: '100%' }}>
        <BrowserRouter>
          <Suspense fallback={<PageSpinner />}>
            <Routes>
              <Route path="/" element={<ServerHome />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/public/login" element={<PublicLoginPage />} />
              <Route path="/totp-setup" element={<TotpSetupPage />} />
              {PUBLIC_ROUTES.map((r) => <Route key={r.key} path={r.path} element={<><h1 className="sr-only">{t(`publicPages.${r.key}`)}</h1><r.component /></>} />)}
              <Route path="/app/*" element={<WorkbenchRoutes />} />
              <Route path="*" element={<NotFound home="/" />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
