/**
 * The signed-in staff member (`GET /api/auth/me`) for everything under /app. Not signed in →
 * /login; TOTP enrolment pending → /totp-setup.
 */
import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, onSessionProblem } from './api.ts';
import { takeEarlyMe } from './early.ts';
import { PageSpinner } from '../components/PageSpinner.tsx';

// The error pages (antd's Result and its pictures) load only when one shows (issue 10).
const Forbidden = lazy(() => import('../components/ErrorPages.tsx').then((m) => ({ default: m.Forbidden })));
const LoadFailed = lazy(() => import('../components/ErrorPages.tsx').then((m) => ({ default: m.LoadFailed })));

export interface Post {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  roleCode: string;
  roleName: string;
  roleNameEn: string | null;
  scopePath: string;
}

export interface Me {
  user: { id: number; username: string; displayName: string; kind: 'staff' | 'public' };
  posts: Post[];
  activePostId: number | null;
  permissions: string[];
  totpEnabled: boolean;
  totpSetupRequired: boolean;
  passwordExpiresAt: string | null;
}

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/api/auth/me');
}

interface Session {
  me: Me;
  reload(): Promise<void>;
  can(permission: string | undefined): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function loginPath(location: { pathname: string; search: string }): string {
  return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  const load = useCallback(async () => {
    try {
      // The first load takes the answer the route-preload script asked for at navigation (early.ts).
      const m = await (takeEarlyMe<Me>() ?? fetchMe());
      if (m.totpSetupRequired) {
        navigate('/totp-setup', { replace: true });
        return;
      }
      setMe(m);
      setFailure(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) navigate(loginPath(location), { replace: true });
      else setFailure(e as ApiError);
    }
    // `location` is deliberately not a dependency: the redirect target is the page first asked for.
  }, [navigate]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => onSessionProblem((code) => {
    if (code === 'auth.totp_setup_required') navigate('/totp-setup', { replace: true });
    else navigate(loginPath(window.location), { replace: true });
  }), [navigate]);

  if (failure) {
    return <Suspense fallback={<PageSpinner />}><LoadFailed message={failure.message} onRetry={() => void load()} /></Suspense>;
  }
  if (!me) return <PageSpinner />;
  const have = new Set(me.permissions);
  const session: Session = { me, reload: load, can: (p) => !p || have.has(p) };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function RequirePermission({ permission, children }: { permission: string | undefined; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Suspense fallback={<PageSpinner />}><Forbidden /></Suspense>;
}

/** The post's org unit and role in the current language. */
export function postLabel(post: Post, en: boolean): string {
  const org = en ? (post.orgUnitNameEn || post.orgUnitName) : post.orgUnitName;
  const role = en ? (post.roleNameEn || post.roleName) : post.roleName;
  return `${org} · ${role}`;
}
