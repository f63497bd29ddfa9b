/**
 * The workbench's routes under /app, in their own chunk: the public pages (portal home, tip-off
 * form, tracking) never load the menu, its icons or the permission guard.
 */
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { NAV } from './nav.tsx';
import { RequirePermission } from './session.tsx';

const WorkbenchLayout = lazy(() => import('./layout/WorkbenchLayout.tsx'));
const WorkbenchHome = lazy(() => import('./pages/WorkbenchHome.tsx'));
// antd's Result with its 403/404/500 pictures (~9 KB) loads only when such a page shows.
const NotFound = lazy(() => import('../components/ErrorPages.tsx').then((m) => ({ default: m.NotFound })));

export default function WorkbenchRoutes() {
  return (
    <Routes>
      <Route element={<WorkbenchLayout />}>
        <Route index element={<WorkbenchHome />} />
        {NAV.filter((n) => n.path).map((n) => (
          <Route
            key={n.key}
            path={n.path}
            element={<RequirePermission permission={n.permission}><n.component /></RequirePermission>}
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
