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
  { key: 'tipoff-report', path: '/report', component: p(() => import('../modules/tipoffs/public/ReportPage.tsx')) },
  { key: 'tipoff-track', path: '/report/track', component: p(() => import('../modules/tipoffs/public/TrackPage.tsx')) },
];
