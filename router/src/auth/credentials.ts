import { createHash } from 'node:crypto';
import { createIdentitySigner, IDENTITY_HEADER, type Identity } from '@leadwire/platform';

export interface ResolvedCredential {
  kind: 'API_KEY' | 'PUBLISHABLE' | 'SERVICE';
  workspaceId: string;
  keyId: string;
  scopes: string[];
  allowedOrigins: string[];
}

const CREDENTIAL = /* GraphQL */ `query Credential($secret: String!) {
  credential(secret: $secret) { kind workspaceId keyId scopes allowedOrigins }
}`;

/**
 * Keys belong to the assignment subgraph; the router asks it as the `system`
 * identity and caches answers briefly, so a revoked key stops working within
 * `ttlMs` without a database round trip on every request.
 */
export function createCredentialResolver(assignmentUrl: string, signingSecret: string, ttlMs = 30_000) {
  const sign = createIdentitySigner(signingSecret);
  const cache = new Map<string, { value: ResolvedCredential | null; expires: number }>();
  const system: Identity = { kind: 'system' };
  return {
    async resolve(secret: string): Promise<ResolvedCredential | null> {
      const key = createHash('sha256').update(secret).digest('hex');
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      const res = await fetch(assignmentUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await sign(system) },
        body: JSON.stringify({ query: CREDENTIAL, variables: { secret } }),
      });
      const body = (await res.json()) as { data?: { credential: ResolvedCredential | null }; errors?: unknown[] };
      if (!body.data) throw new Error(`credential lookup failed: ${JSON.stringify(body.errors)}`);
      const value = body.data.credential;
      if (cache.size > 50_000) cache.clear();
      // Unknown keys are cached for less time: a key created a moment ago should work soon.
      cache.set(key, { value, expires: Date.now() + (value ? ttlMs : Math.min(ttlMs, 5_000)) });
      return value;
    },
    forget() {
      cache.clear();
    },
  };
}

export type CredentialResolver = ReturnType<typeof createCredentialResolver>;
