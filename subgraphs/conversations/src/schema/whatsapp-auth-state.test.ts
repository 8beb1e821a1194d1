import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { clearWhatsAppAuthState, whatsappAuthEntries, writeWhatsAppAuthEntries } from '../test/operations.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

describe('WhatsApp auth state', () => {
  test('entries are written, overwritten, deleted by null and cleared, per session', async ({ workspace }) => {
    const as = workspace.service;
    const write = (sessionId: string, entries: Array<{ key: string; value: string | null }>) =>
      workspace.call(writeWhatsAppAuthEntries(sessionId, entries), as);
    const read = async (sessionId: string, keys: string[]) =>
      Object.fromEntries((await workspace.call(whatsappAuthEntries(sessionId, keys), as)).data.whatsappAuthEntries.map((e: any) => [e.key, e.value]));

    const first = await write('sales-1', [
      { key: 'creds', value: b64('c1') },
      { key: 'pre-key:1', value: b64('p1') },
      { key: 'pre-key:2', value: b64('p2') },
    ]);
    expect(first.data.writeWhatsAppAuthEntries).toBe(3);
    await write('team', [{ key: 'creds', value: b64('other') }]);
    expect(await read('sales-1', ['creds', 'pre-key:1', 'pre-key:2', 'pre-key:3'])).toEqual({
      creds: b64('c1'),
      'pre-key:1': b64('p1'),
      'pre-key:2': b64('p2'),
    });

    await write('sales-1', [
      { key: 'creds', value: b64('c2') },
      { key: 'pre-key:1', value: null },
    ]);
    expect(await read('sales-1', ['creds', 'pre-key:1', 'pre-key:2'])).toEqual({ creds: b64('c2'), 'pre-key:2': b64('p2') });

    expect((await workspace.call(clearWhatsAppAuthState('sales-1'), as)).data.clearWhatsAppAuthState).toBe(2);
    expect(await read('sales-1', ['creds', 'pre-key:2'])).toEqual({});
    expect(await read('team', ['creds'])).toEqual({ creds: b64('other') });
  });

  test('only the connector’s service identity, only in its own workspace', async ({ workspace }) => {
    await workspace.call(writeWhatsAppAuthEntries('sales-1', [{ key: 'creds', value: b64('secret') }]), workspace.service);
    const admin: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'ADMIN' };
    for (const who of [admin, workspace.manager]) {
      expect(codeOf(await workspace.call(whatsappAuthEntries('sales-1', ['creds']), who))).toBe('FORBIDDEN');
      expect(codeOf(await workspace.call(writeWhatsAppAuthEntries('sales-1', [{ key: 'creds', value: b64('x') }]), who))).toBe('FORBIDDEN');
      expect(codeOf(await workspace.call(clearWhatsAppAuthState('sales-1'), who))).toBe('FORBIDDEN');
    }
    const elsewhere: Identity = { kind: 'service', workspaceId: randomUUID(), keyId: 'connector' };
    expect((await workspace.call(whatsappAuthEntries('sales-1', ['creds']), elsewhere)).data.whatsappAuthEntries).toEqual([]);
    expect((await workspace.call(clearWhatsAppAuthState('sales-1'), elsewhere)).data.clearWhatsAppAuthState).toBe(0);
    const mine = await workspace.call(whatsappAuthEntries('sales-1', ['creds']), workspace.service);
    expect(mine.data.whatsappAuthEntries).toEqual([{ key: 'creds', value: b64('secret') }]);
  });

  test('a bad batch is BAD_USER_INPUT on its field and writes nothing', async ({ workspace }) => {
    const good = { key: 'creds', value: b64('kept?') };
    const cases: Array<[string, Array<{ key: string; value: string | null }>, string]> = [
      ['BAD', [good], 'sessionId'],
      ['sales-1', [good, { key: 'Pre Key', value: b64('x') }], 'entries.1.key'],
      ['sales-1', [good, { key: 'session:a b', value: b64('x') }], 'entries.1.key'],
      ['sales-1', [good, { key: 'pre-key:1', value: 'not base64!' }], 'entries.1.value'],
      ['sales-1', [good, { key: 'pre-key:1', value: 'A'.repeat(512 * 1024 + 4) }], 'entries.1.value'],
      ['sales-1', [good, { key: 'creds', value: b64('again') }], 'entries.1.key'],
      ['sales-1', Array.from({ length: 1001 }, (_, i) => ({ key: `pre-key:${i}`, value: b64('x') })), 'entries'],
    ];
    for (const [sessionId, entries, field] of cases) {
      const res = await workspace.call(writeWhatsAppAuthEntries(sessionId, entries), workspace.service);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await workspace.call(whatsappAuthEntries('sales-1', ['creds']), workspace.service)).data.whatsappAuthEntries).toEqual([]);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `pre-key:${i}`);
    expect(codeOf(await workspace.call(whatsappAuthEntries('sales-1', tooMany), workspace.service))).toBe('BAD_USER_INPUT');
  });

  test('a full batch of 1000 entries at the size limit is accepted, and overlapping batches do not deadlock', async ({ workspace }) => {
    const big = 'A'.repeat(512 * 1024);
    const full = Array.from({ length: 1000 }, (_, i) => ({ key: `pre-key:${i}`, value: i === 0 ? big : b64(`k${i}`) }));
    expect((await workspace.call(writeWhatsAppAuthEntries('sales-1', full), workspace.service)).data.writeWhatsAppAuthEntries).toBe(1000);
    const forward = full.slice(0, 300).map((e) => ({ ...e, value: b64('forward') }));
    const backward = [...forward].reverse().map((e) => ({ ...e, value: b64('backward') }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => workspace.call(writeWhatsAppAuthEntries('sales-1', i % 2 ? forward : backward), workspace.service)),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(6).fill(undefined));
    const read = await workspace.call(whatsappAuthEntries('sales-1', ['pre-key:0', 'pre-key:999']), workspace.service);
    expect(read.data.whatsappAuthEntries).toHaveLength(2);
  });
});
