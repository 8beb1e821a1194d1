import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Identity, type UserRole } from './identity.ts';

const ISSUER = 'leadwire';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** Issued by the assignment subgraph's `login`, verified by the router. */
export async function issueSessionToken(
  secret: string,
  user: { id: string; workspaceId: string; role: UserRole },
): Promise<string> {
  return new SignJWT({ wid: user.workspaceId, role: user.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(new TextEncoder().encode(secret));
}

async function verifyWithExpiry(secret: string, token: string): Promise<{ identity: Identity; exp: number } | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const role = payload.role as UserRole;
    if (!payload.sub || typeof payload.wid !== 'string' || !ROLES.includes(role)) return null;
    return { identity: { kind: 'user', userId: payload.sub, workspaceId: payload.wid, role }, exp: payload.exp ?? 0 };
  } catch {
    return null;
  }
}

export async function verifySessionToken(secret: string, token: string): Promise<Identity | null> {
  return (await verifyWithExpiry(secret, token))?.identity ?? null;
}

/**
 * The router sees the same token on every request of a session; verifying an
 * HMAC through WebCrypto each time is measurable, so verified tokens are
 * remembered until they expire.
 */
export function createSessionVerifier(secret: string, maxEntries = 20_000) {
  const cache = new Map<string, { identity: Identity; expiresAt: number }>();
  return async function verify(token: string): Promise<Identity | null> {
    const hit = cache.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.identity;
    const verified = await verifyWithExpiry(secret, token);
    if (!verified) return null;
    if (cache.size >= maxEntries) cache.clear();
    cache.set(token, { identity: verified.identity, expiresAt: verified.exp * 1000 });
    return verified.identity;
  };
}
