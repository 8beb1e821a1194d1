import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong for passwords
// while a login costs tens of milliseconds, not a core's worth of seconds.
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it verifies against a throwaway
 * one so that an unknown email takes as long as a wrong password.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const target = hash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(target, password);
    return hash !== null && ok;
  } catch {
    return false;
  }
}

export type SecretKind = 'API_KEY' | 'PUBLISHABLE' | 'SERVICE';

export const SECRET_PREFIX: Record<SecretKind, string> = {
  API_KEY: 'lw_sk_',
  PUBLISHABLE: 'lw_pk_',
  SERVICE: 'lw_svc_',
};

/** 32 random bytes: the secret is the credential, shown to its creator once. */
export function generateSecret(kind: SecretKind): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/**
 * Key secrets are 256 random bits, so a fast hash is enough: there is nothing
 * to brute-force that a slow hash would protect, and the router resolves a key
 * on every request. argon2 is for passwords, which people choose.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What the list of keys shows so people can tell them apart. */
export const displayPrefix = (secret: string) => secret.slice(0, 12);

export function kindOfSecret(secret: string): SecretKind | null {
  for (const [kind, prefix] of Object.entries(SECRET_PREFIX) as Array<[SecretKind, string]>) {
    if (secret.startsWith(prefix)) return kind;
  }
  return null;
}
