import { SignJWT, jwtVerify } from 'jose';
import { SUBGRAPH_NAMES } from './processes.ts';
import { z } from 'zod';

export const IDENTITY_HEADER = 'x-leadwire-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

export const ROLES = ['ADMIN', 'MANAGER', 'CONSULTANT'] as const;
export type UserRole = (typeof ROLES)[number];

/** Scopes an integrator's API key may carry. Users get theirs from their role. */
export const API_SCOPES = [
  'leads:read',
  'leads:write',
  'messages:read',
  'messages:write',
  'conversations:read',
  'users:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  // The router itself, resolving credentials; never a client.
  z.object({ kind: z.literal('system') }),
  z.object({
    kind: z.literal('user'),
    workspaceId: z.string(),
    userId: z.string(),
    role: z.enum(ROLES),
  }),
  z.object({
    kind: z.literal('api_key'),
    workspaceId: z.string(),
    keyId: z.string(),
    scopes: z.array(z.enum(API_SCOPES)),
  }),
  z.object({ kind: z.literal('publishable_key'), workspaceId: z.string(), keyId: z.string() }),
  z.object({ kind: z.literal('service'), workspaceId: z.string(), keyId: z.string() }),
]);

export type Identity = z.infer<typeof identitySchema>;
export type WorkspaceIdentity = Exclude<Identity, { kind: 'anonymous' } | { kind: 'system' }>;

export const ANONYMOUS: Identity = { kind: 'anonymous' };

export function hasScope(identity: Identity, scope: ApiScope): boolean {
  switch (identity.kind) {
    case 'user':
    case 'service':
      return true;
    case 'api_key':
      return identity.scopes.includes(scope);
    default:
      return false;
  }
}

/** Who did it, for audit trails and event logs: "user:<id>", "api_key:<keyId>", … */
export function actorOf(identity: Identity): string {
  switch (identity.kind) {
    case 'user':
      return `user:${identity.userId}`;
    case 'api_key':
    case 'service':
    case 'publishable_key':
      return `${identity.kind}:${identity.keyId}`;
    default:
      return identity.kind;
  }
}

/** Managers and admins see every lead; consultants only their own. */
export function seesAllLeads(identity: Identity): boolean {
  if (identity.kind === 'user') return identity.role !== 'CONSULTANT';
  return identity.kind === 'api_key' || identity.kind === 'service';
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

const ISSUER = 'leadwire-router';
/** Audience of identities a subgraph or worker presents to the router's internal endpoint. */
export const ROUTER_AUDIENCE = 'router';
/** Short enough that a leaked header is useless within a minute, long enough to sign rarely. */
export const IDENTITY_TTL_SECONDS = 60;

/**
 * Signs identities for one audience each: a token minted for the leads
 * subgraph is refused by every other service. Tokens are short-lived and reused
 * for the same identity and audience for half their life, because signing on
 * every subgraph fetch would be measurable router overhead.
 */
export function createIdentitySigner(secret: string, ttlSeconds = IDENTITY_TTL_SECONDS) {
  const cache = new Map<string, { token: string; renewAt: number }>();
  const secretKey = key(secret);
  return async function sign(identity: Identity, audience: string): Promise<string> {
    const cacheKey = `${audience} ${JSON.stringify(identity)}`;
    const now = Date.now();
    const hit = cache.get(cacheKey);
    if (hit && hit.renewAt > now) return hit.token;
    const token = await new SignJWT({ id: identity })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(secretKey);
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, { token, renewAt: now + (ttlSeconds * 1000) / 2 });
    return token;
  };
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;

/**
 * Verifies identities minted for `audiences` (a subgraph accepts only its own
 * name): the only way an identity enters a service.
 */
export function createIdentityVerifier(secret: string, audiences: string | readonly string[]) {
  const secretKey = key(secret);
  const audience = typeof audiences === 'string' ? audiences : [...audiences];
  const cache = new Map<string, { identity: Identity; exp: number }>();
  return async function verify(token: string | undefined | null): Promise<Identity | null> {
    if (!token) return null;
    const hit = cache.get(token);
    if (hit && hit.exp > Date.now()) return hit.identity;
    try {
      const { payload } = await jwtVerify(token, secretKey, { issuer: ISSUER, audience, algorithms: ['HS256'] });
      const identity = identitySchema.parse(payload.id);
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { identity, exp: (payload.exp ?? 0) * 1000 });
      return identity;
    } catch {
      return null;
    }
  };
}

/**
 * What the router's internal endpoint accepts: an identity it signed for one
 * of the subgraphs, forwarded back on the caller's behalf, or one a service
 * signed for the router itself.
 */
export function createInternalIdentityVerifier(secret: string) {
  return createIdentityVerifier(secret, [ROUTER_AUDIENCE, ...SUBGRAPH_NAMES]);
}
