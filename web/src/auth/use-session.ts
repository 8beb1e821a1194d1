import { useCallback, useSyncExternalStore } from 'react';
import { clearSession, readSession, subscribeSession, type Session } from './session-store.ts';

export interface SessionState {
  session: Session | null;
  logout: () => void;
}

export function useSession(): SessionState {
  const session = useSyncExternalStore(subscribeSession, readSession, () => null);
  // Clearing the token is enough: app.tsx builds a fresh Apollo client (and
  // socket) per token, so no cached data of this user outlives the logout.
  const logout = useCallback(() => clearSession(), []);
  return { session, logout };
}
