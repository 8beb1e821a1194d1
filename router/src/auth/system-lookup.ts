import { createIdentitySigner, signedRequest, type Identity } from '@leadwire/platform';
import { createInflight } from '../shared-inflight.ts';

const SYSTEM: Identity = { kind: 'system' };

/**
 * A query the router runs against the assignment subgraph as itself (keys and
 * users belong to assignment), with answers cached per key for `ttlMs` so the
 * hot path rarely leaves the process. `forget()` drops the cache when
 * something was revoked.
 */
export function createSystemLookup<T>(opts: {
  assignmentUrl: string;
  signingSecret: string;
  query: string;
  field: string;
  ttlMs: number;
  /** How long a "not found" is believed: something created a moment ago should work soon. */
  missTtlMs?: number;
}) {
  const sign = createIdentitySigner(opts.signingSecret);
  const cache = new Map<string, { value: T | null; expires: number }>();
  // A lookup that started before a revocation may answer after it: its (stale)
  // answer must not be cached, or the revoked key would live on until expiry.
  let generation = 0;
  // Many sockets of one user re-check at once after a revocation: one lookup each.
  const inflight = createInflight<T | null>();
  return {
    async get(key: string, variables: Record<string, unknown>): Promise<T | null> {
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      return inflight.run(`${generation}\n${key}`, () => lookup(key, variables)).result;
    },
    forget() {
      generation += 1;
      cache.clear();
    },
  };

  async function lookup(key: string, variables: Record<string, unknown>): Promise<T | null> {
    const startedIn = generation;
    const body = await signedRequest<Record<string, T | null>>(opts.assignmentUrl, await sign(SYSTEM, 'assignment'), {
      query: opts.query,
      variables,
    });
    if (!body.data) throw new Error(`${opts.field} lookup failed: ${JSON.stringify(body.errors)}`);
    const value = body.data[opts.field] ?? null;
    if (startedIn !== generation) return value;
    if (cache.size > 50_000) cache.clear();
    cache.set(key, { value, expires: Date.now() + (value ? opts.ttlMs : Math.min(opts.ttlMs, opts.missTtlMs ?? 5_000)) });
    return value;
  }
}
