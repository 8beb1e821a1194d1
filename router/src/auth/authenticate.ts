import {
  ANONYMOUS,
  API_SCOPES,
  createInternalIdentityVerifier,
  createSessionVerifier,
  type ApiScope,
  type Identity,
} from '@leadwire/platform';
import type { CredentialResolver, SessionStatusResolver } from './credentials.ts';

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 429,
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS',
    message: string,
  ) {
    super(message);
  }
}

export interface Credentials {
  authorization?: string;
  apiKey?: string;
  publishableKey?: string;
  origin?: string;
}

/**
 * Reads what a client may present, from HTTP headers or graphql-ws connection
 * params alike. An identity signed by another service is never among them: the
 * public endpoint does not even look for one.
 */
export function credentialsFrom(source: Record<string, unknown>): Credentials {
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = source[name] ?? source[name.toLowerCase()];
      if (typeof value === 'string' && value.length) return value;
    }
    return undefined;
  };
  return {
    authorization: get('authorization', 'Authorization'),
    apiKey: get('x-api-key', 'apiKey'),
    publishableKey: get('x-publishable-key', 'publishableKey'),
    origin: get('origin'),
  };
}

const scopesOf = (scopes: string[]) => scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));

/**
 * Turns whatever the caller presented into one Identity. A credential that is
 * present but wrong is an error, never a silent downgrade to anonymous.
 */
export function createAuthenticator(opts: {
  jwtSecret: string;
  credentials: CredentialResolver;
  sessions: SessionStatusResolver;
}) {
  const verifySession = createSessionVerifier(opts.jwtSecret);

  async function fromKey(secret: string, origin: string | undefined): Promise<Identity> {
    const found = await opts.credentials.resolve(secret);
    if (!found) throw new AuthError(401, 'UNAUTHENTICATED', 'Unknown or revoked key');
    switch (found.kind) {
      case 'API_KEY':
        return { kind: 'api_key', workspaceId: found.workspaceId, keyId: found.keyId, scopes: scopesOf(found.scopes) };
      case 'SERVICE':
        return { kind: 'service', workspaceId: found.workspaceId, keyId: found.keyId };
      case 'PUBLISHABLE':
        // Publishable keys sit in public page source: the origin is what makes one usable.
        if (!origin || !found.allowedOrigins.includes(origin)) {
          throw new AuthError(403, 'FORBIDDEN', 'This key may not be used from this origin');
        }
        return { kind: 'publishable_key', workspaceId: found.workspaceId, keyId: found.keyId };
    }
  }

  return async function authenticate(c: Credentials): Promise<Identity> {
    if (c.publishableKey) return fromKey(c.publishableKey, c.origin);
    if (c.apiKey) return fromKey(c.apiKey, c.origin);
    if (c.authorization) {
      const [scheme, token] = c.authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new AuthError(401, 'UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
      }
      if (token.startsWith('lw_')) return fromKey(token, c.origin);
      const identity = await verifySession(token);
      if (!identity || identity.kind !== 'user') throw new AuthError(401, 'UNAUTHENTICATED', 'Session expired or invalid; log in again');
      // The token says who signed in; whether they still may, and as what, is
      // the assignment subgraph's current answer (cached for seconds).
      const status = await opts.sessions.resolve(identity.userId);
      if (!status?.active || status.workspaceId !== identity.workspaceId) {
        throw new AuthError(401, 'UNAUTHENTICATED', 'This account is no longer active; log in again');
      }
      return { ...identity, role: status.role };
    }
    return ANONYMOUS;
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;

/**
 * The internal endpoint's only credential: an identity the router signed for a
 * subgraph (forwarded back on the caller's behalf) or one a service signed for
 * the router. It was authenticated when it was minted.
 */
export function createInternalAuthenticator(signingSecret: string) {
  const verify = createInternalIdentityVerifier(signingSecret);
  return async function authenticateInternal(token: string | undefined): Promise<Identity> {
    const identity = await verify(token);
    if (!identity) throw new AuthError(401, 'UNAUTHENTICATED', 'Invalid or expired identity signature');
    return identity;
  };
}
