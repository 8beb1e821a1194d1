import { hasScope, type ApiScope, type Identity } from './identity.ts';

/** The scope vocabulary every subgraph's Pothos builder uses. */
export interface AuthScopes {
  workspace: boolean;
  system: boolean;
  user: boolean;
  admin: boolean;
  manager: boolean;
  service: boolean;
  landing: boolean;
  scope: ApiScope;
}

export function authScopesFor(identity: Identity) {
  const role = identity.kind === 'user' ? identity.role : undefined;
  return {
    workspace: identity.kind !== 'anonymous' && identity.kind !== 'system',
    system: identity.kind === 'system',
    user: identity.kind === 'user',
    admin: role === 'ADMIN',
    manager: role === 'ADMIN' || role === 'MANAGER',
    service: identity.kind === 'service',
    landing: identity.kind === 'publishable_key',
    scope: (scope: ApiScope) => hasScope(identity, scope),
  };
}

/** Resolvers behind a `workspace` scope can rely on this. */
export function workspaceOf(identity: Identity): string {
  if (identity.kind === 'anonymous' || identity.kind === 'system') throw new Error('workspace scope was not enforced');
  return identity.workspaceId;
}
