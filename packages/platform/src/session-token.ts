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

export async function verifySessionToken(secret: string, token: string): Promise<Identity | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const role = payload.role as UserRole;
    if (!payload.sub || typeof payload.wid !== 'string' || !ROLES.includes(role)) return null;
    return { kind: 'user', userId: payload.sub, workspaceId: payload.wid, role };
  } catch {
    return null;
  }
}
