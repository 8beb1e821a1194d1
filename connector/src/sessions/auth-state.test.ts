import { randomBytes, randomUUID } from 'node:crypto';
import { createPgAdapter, databaseUrlFor, readEnv } from '@leadwire/platform';
import { callSubgraph, directoryDouble } from '@leadwire/platform/testing';
import { proto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConversationsSubgraph } from '../../../subgraphs/conversations/src/index.ts';
import { AuthDecryptError, readAuthKey } from './auth-crypto.ts';
import { createAuthStore, type AuthBackend } from './auth-state.ts';
import { createGraphqlAuthBackend } from './graphql-auth-backend.ts';
import type { ApiRequest } from '../api-client.ts';

const env = readEnv();
let subgraph: Awaited<ReturnType<typeof startConversationsSubgraph>>;
let pg: ReturnType<typeof createPgAdapter>['pool'];

beforeAll(async () => {
  subgraph = await startConversationsSubgraph({ env, port: 0, directory: directoryDouble().directory });
  pg = createPgAdapter({ databaseUrl: databaseUrlFor(env.DATABASE_URL, 'conversations'), schema: 'conversations', max: 1 }).pool;
});
afterAll(async () => {
  await pg.end();
  await subgraph.close();
});

/** The connector's backend, talking to the real subgraph as a workspace's service identity. */
function backendOf(workspaceId: string): AuthBackend & { writes: number } {
  const request: ApiRequest = async (query, variables) => {
    const res = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, { kind: 'service', workspaceId, keyId: 'connector' }, { query, variables });
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const backend = createGraphqlAuthBackend(request);
  const counted = { ...backend, writes: 0, write: (s: string, e: Record<string, string | null>) => (counted.writes++, backend.write(s, e)) };
  return counted;
}

const rowsOf = async (workspaceId: string) =>
  (await pg.query<{ sessionId: string; key: string; value: string }>('SELECT "sessionId", "key", "value" FROM "WhatsAppAuthEntry" WHERE "workspaceId" = $1', [workspaceId])).rows;

const JID = '5511987654321.0';
const LEAD = '5511912345678';

describe('encrypted auth state in PostgreSQL', () => {
  it('round-trips creds and every kind of key, in one backend write per keys.set', async () => {
    const workspaceId = randomUUID();
    const backend = backendOf(workspaceId);
    const key = randomBytes(32);
    const first = await createAuthStore({ backend, sessionId: 'sales-1', key }).load();
    first.state.creds.me = { id: '5511987654321:3@s.whatsapp.net', name: 'Vendas' };
    await first.saveCreds();
    const appStateKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: randomBytes(32), timestamp: 1_700_000_000 });
    await first.state.keys.set({
      'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) }, '2': { public: randomBytes(32), private: randomBytes(32) } },
      session: { [JID]: randomBytes(180) },
      'app-state-sync-key': { AAAAAQ: appStateKey },
      'sender-key-memory': { '1203630@g.us': { [`${LEAD}@s.whatsapp.net`]: true } },
      'lid-mapping': { [LEAD]: '98765432109876@lid' },
    });
    expect(backend.writes).toBe(2);

    const again = await createAuthStore({ backend, sessionId: 'sales-1', key }).load();
    expect(again.state.creds).toEqual(first.state.creds);
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    const preKeys = await again.state.keys.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
    expect(Buffer.from(preKeys['1']!.private)).toEqual(Buffer.from((await first.state.keys.get('pre-key', ['1']))['1']!.private));
    const sync = (await again.state.keys.get('app-state-sync-key', ['AAAAAQ'])).AAAAAQ!;
    expect(sync).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.keyData!)).toEqual(Buffer.from(appStateKey.keyData!));
    expect(await again.state.keys.get('lid-mapping', [LEAD])).toEqual({ [LEAD]: '98765432109876@lid' });
    expect(await again.state.keys.get('sender-key-memory', ['1203630@g.us'])).toEqual({ '1203630@g.us': { [`${LEAD}@s.whatsapp.net`]: true } });

    await again.state.keys.set({ 'pre-key': { '1': null } });
    expect(await again.state.keys.get('pre-key', ['1'])).toEqual({});
    expect(await rowsOf(workspaceId)).toHaveLength(6);
  });

  it('stores ciphertext only: no creds, key material, phone numbers or JIDs in any row', async () => {
    const workspaceId = randomUUID();
    const store = createAuthStore({ backend: backendOf(workspaceId), sessionId: 'sales-1', key: randomBytes(32) });
    const { state, saveCreds } = await store.load();
    state.creds.me = { id: '5511987654321:3@s.whatsapp.net', name: 'Vendas' };
    await saveCreds();
    const session = Buffer.from('a signal session record, in the clear');
    await state.keys.set({ session: { [JID]: session }, 'lid-mapping': { [LEAD]: '98765432109876@lid' } });

    const rows = await rowsOf(workspaceId);
    expect(rows.map((r) => r.key.split(':')[0]).sort()).toEqual(['creds', 'lid-mapping', 'session']);
    const secrets = [
      Buffer.from(state.creds.noiseKey.private).toString('base64'),
      Buffer.from(state.creds.signedIdentityKey.private).toString('base64'),
      state.creds.advSecretKey,
      '5511987654321',
      LEAD,
      '98765432109876',
      session.toString('base64'),
      'registrationId',
    ];
    for (const row of rows) {
      const stored = `${row.key} ${row.value} ${Buffer.from(row.value, 'base64').toString('latin1')}`;
      for (const secret of secrets) expect(stored).not.toContain(secret);
    }
    // Sealing is randomised: the same creds saved twice give different bytes.
    const before = rows.find((r) => r.key === 'creds')!.value;
    await saveCreds();
    expect((await rowsOf(workspaceId)).find((r) => r.key === 'creds')!.value).not.toBe(before);
  });

  it('a wrong key, or a value moved to another name or session, fails to decrypt', async () => {
    const workspaceId = randomUUID();
    const backend = backendOf(workspaceId);
    const key = randomBytes(32);
    const right = await createAuthStore({ backend, sessionId: 'sales-1', key }).load();
    await right.saveCreds();
    await right.state.keys.set({ 'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) } } });

    const wrong = createAuthStore({ backend, sessionId: 'sales-1', key: randomBytes(32) });
    await expect(wrong.load()).rejects.toThrow(AuthDecryptError);

    // The same key under another session id reads another session's rows: there are none.
    const rows = await rowsOf(workspaceId);
    const sealedCreds = rows.find((r) => r.key === 'creds')!.value;
    const preKeyName = rows.find((r) => r.key.startsWith('pre-key:'))!.key;
    await backend.write('team', { creds: sealedCreds });
    await expect(createAuthStore({ backend, sessionId: 'team', key }).load()).rejects.toThrow(AuthDecryptError);
    await backend.write('sales-1', { [preKeyName]: sealedCreds });
    await expect(right.state.keys.get('pre-key', ['1'])).rejects.toThrow(AuthDecryptError);
  });

  it('clear wipes the session, and a state loaded before the clear cannot write its keys back', async () => {
    const workspaceId = randomUUID();
    const backend = backendOf(workspaceId);
    const key = randomBytes(32);
    const store = createAuthStore({ backend, sessionId: 'sales-1', key });
    const old = await store.load();
    await old.saveCreds();
    await old.state.keys.set({ 'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) } } });
    await createAuthStore({ backend, sessionId: 'team', key }).load().then((team) => team.saveCreds());
    expect(await rowsOf(workspaceId)).toHaveLength(3);

    await store.clear();
    expect((await rowsOf(workspaceId)).map((r) => r.sessionId)).toEqual(['team']);
    await old.saveCreds();
    await old.state.keys.set({ 'pre-key': { '2': { public: randomBytes(32), private: randomBytes(32) } } });
    expect((await rowsOf(workspaceId)).map((r) => r.sessionId)).toEqual(['team']);

    const fresh = await store.load();
    expect(fresh.state.creds.noiseKey.private).not.toEqual(old.state.creds.noiseKey.private);
    expect(await fresh.state.keys.get('pre-key', ['1'])).toEqual({});
  });

  it('a batch larger than one call allows goes out in several calls and reads back whole', async () => {
    const workspaceId = randomUUID();
    const backend = backendOf(workspaceId);
    const { state } = await createAuthStore({ backend, sessionId: 'sales-1', key: randomBytes(32) }).load();
    const ids = Array.from({ length: 1500 }, (_, i) => String(i));
    await state.keys.set({ 'pre-key': Object.fromEntries(ids.map((id) => [id, { public: randomBytes(32), private: randomBytes(32) }])) });
    expect(backend.writes).toBe(1);
    expect(Object.keys(await state.keys.get('pre-key', ids))).toHaveLength(1500);
  });
});

describe('WHATSAPP_AUTH_KEY', () => {
  const good = randomBytes(32).toString('base64');

  it('takes 32 bytes of base64, and falls back to a fixed key outside production', () => {
    expect(readAuthKey({ WHATSAPP_AUTH_KEY: good })).toEqual(Buffer.from(good, 'base64'));
    expect(readAuthKey({ NODE_ENV: 'production', WHATSAPP_AUTH_KEY: good })).toHaveLength(32);
    const dev = readAuthKey({ NODE_ENV: 'development' });
    expect(dev).toHaveLength(32);
    expect(readAuthKey({})).toEqual(dev);
  });

  it('refuses a missing or development key in production, and anything not 32 bytes', () => {
    expect(() => readAuthKey({ NODE_ENV: 'production' })).toThrow(/must be set in production/);
    const devKey = readAuthKey({}).toString('base64');
    expect(() => readAuthKey({ NODE_ENV: 'production', WHATSAPP_AUTH_KEY: devKey })).toThrow(/development key/);
    expect(() => readAuthKey({ WHATSAPP_AUTH_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => readAuthKey({ WHATSAPP_AUTH_KEY: `${good.slice(0, -2)}!=` })).toThrow(/32 bytes/);
  });
});
