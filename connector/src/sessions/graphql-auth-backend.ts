import type { AuthBackend } from './auth-state.ts';
import type { ApiRequest } from '../api-client.ts';

// The subgraph takes at most 1000 entries per call, and the router at most
// 1 MB per request: larger batches go out as several calls, in order.
const MAX_ENTRIES = 1000;
const MAX_BATCH_CHARS = 768 * 1024;

const READ = `query WhatsAppAuthEntries($sessionId: String!, $keys: [String!]!) {
  whatsappAuthEntries(sessionId: $sessionId, keys: $keys) { key value }
}`;
const WRITE = `mutation WriteWhatsAppAuthEntries($sessionId: String!, $entries: [WhatsAppAuthEntryInput!]!) {
  writeWhatsAppAuthEntries(sessionId: $sessionId, entries: $entries)
}`;
const CLEAR = `mutation ClearWhatsAppAuthState($sessionId: String!) { clearWhatsAppAuthState(sessionId: $sessionId) }`;

/** The auth state backend over the conversations subgraph, through the router as the connector's service key. */
export function createGraphqlAuthBackend(request: ApiRequest): AuthBackend {
  return {
    async read(sessionId, keys) {
      const found: Record<string, string> = {};
      for (let i = 0; i < keys.length; i += MAX_ENTRIES) {
        const data = await request<{ whatsappAuthEntries: Array<{ key: string; value: string }> }>(READ, {
          sessionId,
          keys: keys.slice(i, i + MAX_ENTRIES),
        });
        for (const { key, value } of data.whatsappAuthEntries) found[key] = value;
      }
      return found;
    },
    async write(sessionId, entries) {
      for (const batch of batches(Object.entries(entries).map(([key, value]) => ({ key, value })))) {
        await request(WRITE, { sessionId, entries: batch });
      }
    },
    async clear(sessionId) {
      await request(CLEAR, { sessionId });
    },
  };
}

function batches<E extends { key: string; value: string | null }>(entries: E[]): E[][] {
  const out: E[][] = [];
  let current: E[] = [];
  let size = 0;
  for (const entry of entries) {
    const cost = entry.key.length + (entry.value?.length ?? 0) + 32;
    if (current.length && (current.length === MAX_ENTRIES || size + cost > MAX_BATCH_CHARS)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += cost;
  }
  if (current.length) out.push(current);
  return out;
}
