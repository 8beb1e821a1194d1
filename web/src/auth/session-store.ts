/**
 * The signed-in session, kept in localStorage so a reload keeps the user
 * signed in. React reads it through useSyncExternalStore (see use-session.ts),
 * so every component and the Apollo client see one source of truth.
 */

export interface SessionUser {
  id: string;
  name: string;
  role: 'ADMIN' | 'MANAGER' | 'CONSULTANT';
}

export interface Session {
  token: string;
  user: SessionUser;
}

const STORAGE_KEY = 'leadwire.session';

const listeners = new Set<() => void>();

// useSyncExternalStore compares snapshots by identity: parse once per raw value.
let cachedRaw: string | null | undefined;
let cachedSession: Session | null = null;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Some privacy modes throw on access; the app then works for this tab only.
    return null;
  }
}

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    if (typeof value?.token === 'string' && value.token && typeof value.user?.id === 'string') return value as Session;
  } catch {
    // A hand-edited or older value is treated as signed out rather than crashing the app.
  }
  return null;
}

export function readSession(): Session | null {
  const raw = storage()?.getItem(STORAGE_KEY) ?? null;
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedSession = parse(raw);
  }
  return cachedSession;
}

function notify() {
  for (const listener of listeners) listener();
}

export function saveSession(session: Session): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
}

export function clearSession(): void {
  storage()?.removeItem(STORAGE_KEY);
  notify();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  // Logging out in one tab logs out the others: they share the token.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === STORAGE_KEY) listener();
  };
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}
