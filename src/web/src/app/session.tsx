import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, request, setCsrfToken, setUnauthenticatedHandler, ApiError } from '../api/client.ts';
import type { Session, User } from '../api/types.ts';

type SessionState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null; reason: 'none' | 'expired' | 'loggedOut' }
  | { status: 'authenticated'; user: User };

interface SessionValue {
  state: SessionState;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Who is logged in. Asks /auth/me once on load; any later 401 (the session expired or an
 * admin ended it) turns the state to `expired`, and RequireSession sends the person to the
 * login page with the way back.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });

  useEffect(() => {
    let live = true;
    request<Session>('GET', '/auth/me', { expectUnauthenticated: true }).then(
      (session) => {
        if (!live) return;
        setCsrfToken(session.csrfToken);
        setState({ status: 'authenticated', user: session.user });
      },
      (error: unknown) => {
        if (!live) return;
        if (!(error instanceof ApiError) || error.status !== 401) console.warn('could not read the session', error);
        setState({ status: 'anonymous', user: null, reason: 'none' });
      },
    );
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState((current) => (current.status === 'authenticated' ? { status: 'anonymous', user: null, reason: 'expired' } : current));
    });
    return () => {
      live = false;
      setUnauthenticatedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const session = await request<Session>('POST', '/auth/login', { body: { username, password }, expectUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', user: session.user });
    return session.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      // The session may already be gone; the person is logged out either way.
    }
    setCsrfToken(null);
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('linli.draft.')) sessionStorage.removeItem(key);
    setState({ status: 'anonymous', user: null, reason: 'loggedOut' });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in user; only for pages under RequireSession. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useUser without a session');
  return state.user;
}
