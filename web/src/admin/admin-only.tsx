import type { ReactNode } from 'react';
import type { SessionUser } from '../auth/session-store.ts';
import { NoAccess } from './no-access.tsx';

/**
 * Renders admin pages for admins only, so no one else's browser even asks for
 * their data. The server decides for real: a role changed since login is
 * refused there, and the page shows that too.
 */
export function AdminOnly({ user, children }: { user: SessionUser; children: ReactNode }) {
  return user.role === 'ADMIN' ? children : <NoAccess />;
}
