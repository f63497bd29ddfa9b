/** Providers and routes. Everything behind /app is loaded lazily so the login page stays small. */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useTranslation } from 'react-i18next';
import { PortalHome } from './pages/PortalHome.tsx';
import { PageSpinner } from '../components/PageSpinner.tsx';
import { PUBLIC_ROUTES } from './public-routes.tsx';
import { antdEn, antdZh } from './antd-locales.ts';

// Code splitting (issue 10, township link): only the portal home is in the entry chunk; the
// login page, the workbench (menu, icons, permission guard, every module page) and each public
// page load when their route opens.
const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const NotFound = lazy(() => import('../components/ErrorPages.tsx').then((m) => ({ default: m.NotFound })));
const WorkbenchRoutes = lazy(() => import('./WorkbenchRoutes.tsx'));
const TotpSetupPage = lazy(() => import('./pages/TotpSetupPage.tsx'));
const PublicLoginPage = lazy(() => import('./pages/PublicLoginPage.tsx'));

export const THEME = { token: { colorPrimary: '#1d5fc9', borderRadius: 6 } };

export function App() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  dayjs.locale(en ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={en ? antdEn : antdZh} theme={THEME}>
      <AntApp style={{ height: '100%' }}>
        <BrowserRouter>
          <Suspense fallback={<PageSpinner />}>
            <Routes>
              <Route path="/" element={<PortalHome />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/public/login" element={<PublicLoginPage />} />
              <Route path="/totp-setup" element={<TotpSetupPage />} />
              {PUBLIC_ROUTES.map((r) => <Route key={r.key} path={r.path} element={<r.component />} />)}
              <Route path="/app/*" element={<WorkbenchRoutes />} />
              <Route path="*" element={<NotFound home="/" />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
