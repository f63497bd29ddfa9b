/**
 * Public pages (portal side, no staff login): one entry per page, lazily loaded. Modules add
 * their pages here; App.tsx mounts them before the catch-all 404.
 */
import { lazy, type ComponentType } from 'react';

export interface PublicRoute {
  key: string;
  /** Absolute path, e.g. '/services/:code'. */
  path: string;
  component: ComponentType;
}

const p = (loader: () => Promise<{ default: ComponentType }>) => lazy(loader);

export const PUBLIC_ROUTES: PublicRoute[] = [
  { key: 'map', path: '/map', component: p(() => import('../modules/map/PublicMapPage.tsx')) },
  { key: 'services', path: '/services', component: p(() => import('../modules/approvals/journey/ServicesPage.tsx')) },
  { key: 'service-guide', path: '/services/:code', component: p(() => import('../modules/approvals/journey/ServiceGuidePage.tsx')) },
  { key: 'service-apply', path: '/services/:code/apply', component: p(() => import('../modules/approvals/journey/ApplyPage.tsx')) },
  { key: 'receipt', path: '/receipt/:caseNo', component: p(() => import('../modules/approvals/journey/ReceiptPage.tsx')) },
  { key: 'track', path: '/track', component: p(() => import('../modules/approvals/journey/TrackPage.tsx')) },
  { key: 'verify', path: '/verify', component: p(() => import('../modules/approvals/verify/VerifyPage.tsx')) },
  { key: 'verify-token', path: '/verify/:token', component: p(() => import('../modules/approvals/verify/VerifyPage.tsx')) },
  { key: 'tipoff-report', path: '/report', component: p(() => import('../modules/tipoffs/public/ReportPage.tsx')) },
  { key: 'tipoff-track', path: '/report/track', component: p(() => import('../modules/tipoffs/public/TrackPage.tsx')) },
  { key: 'disclosure', path: '/disclosure', component: p(() => import('../modules/approvals/ratings/DisclosurePage.tsx')) },
  { key: 'my-cases', path: '/my', component: p(() => import('../modules/approvals/journey/MyCasesPage.tsx')) },
  { key: 'transparency', path: '/transparency', component: p(() => import('../modules/transparency/LogPage.tsx')) },
  { key: 'draw-result', path: '/draws/:drawNo', component: p(() => import('../modules/transparency/DrawResultPage.tsx')) },
  { key: 'trading', path: '/trading', component: p(() => import('../modules/trading/TradingListPage.tsx')) },
  { key: 'trading-lot', path: '/trading/:lotNo', component: p(() => import('../modules/trading/LotPage.tsx')) },
  { key: 'hazard-warnings', path: '/hazard-warnings', component: p(() => import('../modules/hazards/PublicWarningsPage.tsx')) },
  { key: 'hazard-ack', path: '/h/ack/:token', component: p(() => import('../modules/hazards/AckPage.tsx')) },
];
