import { randomUUID } from 'node:crypto';
import { channels, closePubSub, createPubSub, type Identity } from '@leadwire/platform';
import { describe, expect, vi } from 'vitest';
import { MAX_SESSIONS } from '../domain/whatsapp-sessions.ts';
import { env, test } from '../test/fixtures.ts';
import { reportWhatsAppSession, whatsappSessionCursor, whatsappSessions, whatsappSessionsSince } from '../test/operations.ts';

const QR = '2@AbCdEf0123456789,nOiSeKeY=,iDeNtItYkEy=,aDvSeCrEt=';
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

describe('WhatsApp sessions', () => {
  test('the connector reports a session; managers see it, and each change moves its cursor', async ({ workspace }) => {
    const report = (input: Record<string, unknown>) => workspace.call(reportWhatsAppSession({ sessionId: 'sales-1', role: 'AGENT', ...input }), workspace.service);
    const start = (await workspace.call(whatsappSessionCursor())).data.whatsappSessionCursor;
    expect(start).toBe('0');

    const waiting = await report({ status: 'WAITING_FOR_PAIRING', qr: QR });
    expect(waiting.errors).toBeUndefined();
    expect(waiting.data.reportWhatsAppSession).toMatchObject({ status: 'WAITING_FOR_PAIRING', qr: QR, phone: null });
    const connected = (await report({ status: 'CONNECTED', qr: QR, phone: '+5511987654321' })).data.reportWhatsAppSession;
    // A QR outside pairing is dropped, even when the connector sends one.
    expect(connected).toMatchObject({ status: 'CONNECTED', qr: null, pairingCode: null, phone: '+5511987654321' });
    expect(BigInt(connected.cursor)).toBeGreaterThan(BigInt(waiting.data.reportWhatsAppSession.cursor));

    // The same report again is no change: same cursor.
    const again = (await report({ status: 'CONNECTED', phone: '+5511987654321' })).data.reportWhatsAppSession;
    expect(again.cursor).toBe(connected.cursor);
    expect((await workspace.call(whatsappSessionCursor())).data.whatsappSessionCursor).toBe(connected.cursor);

    await workspace.call(reportWhatsAppSession({ sessionId: 'team', role: 'TEAM', status: 'STARTING' }), workspace.service);
    const list = (await workspace.call(whatsappSessions())).data.whatsappSessions;
    expect(list.map((s: any) => [s.sessionId, s.role, s.status])).toEqual([
      ['sales-1', 'AGENT', 'CONNECTED'],
      ['team', 'TEAM', 'STARTING'],
    ]);
    // Since the first report: each session once, as it is now, in change order.
    const since = (await workspace.call(whatsappSessionsSince(waiting.data.reportWhatsAppSession.cursor))).data.whatsappSessionsSince;
    expect(since.map((s: any) => [s.sessionId, s.status])).toEqual([
      ['sales-1', 'CONNECTED'],
      ['team', 'STARTING'],
    ]);
    expect((await workspace.call(whatsappSessionsSince(since[1].cursor))).data.whatsappSessionsSince).toEqual([]);
  });

  test('a change wakes the workspace’s session channel', async ({ workspace }) => {
    const pubsub = createPubSub(env.REDIS_URL);
    const woken: Array<{ workspaceId: string; cursor: string }> = [];
    const id = await pubsub.subscribe(channels.whatsappSessions(workspace.id), (m: any) => woken.push(m));
    try {
      const res = await workspace.call(reportWhatsAppSession({ sessionId: 'sales-1', role: 'AGENT', status: 'CONNECTING' }), workspace.service);
      await vi.waitFor(() => expect(woken).toEqual([{ workspaceId: workspace.id, cursor: res.data.reportWhatsAppSession.cursor }]));
    } finally {
      pubsub.unsubscribe(id);
      closePubSub(pubsub);
    }
  });

  test('only the connector reports, only managers read, and each workspace sees its own', async ({ workspace }) => {
    await workspace.call(reportWhatsAppSession({ sessionId: 'sales-1', role: 'AGENT', status: 'STARTING' }), workspace.service);
    const consultant: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' };
    for (const op of [whatsappSessions(), whatsappSessionCursor(), whatsappSessionsSince(null)]) {
      expect(codeOf(await workspace.call(op, consultant))).toBe('FORBIDDEN');
      expect(codeOf(await workspace.call(op, workspace.service))).toBe('FORBIDDEN');
    }
    const byManager = await workspace.call(reportWhatsAppSession({ sessionId: 'sales-1', role: 'AGENT', status: 'STOPPED' }));
    expect(codeOf(byManager)).toBe('FORBIDDEN');
    expect((await workspace.call(whatsappSessions())).data.whatsappSessions[0].status).toBe('STARTING');

    const stranger: Identity = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' };
    expect((await workspace.call(whatsappSessions(), stranger)).data.whatsappSessions).toEqual([]);
    expect((await workspace.call(whatsappSessionsSince(null), stranger)).data.whatsappSessionsSince).toEqual([]);
  });

  test('bad input is BAD_USER_INPUT on its field and writes nothing', async ({ workspace }) => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sessionId: 'Sales 1' }, 'input.sessionId'],
      [{ sessionId: 'x'.repeat(41) }, 'input.sessionId'],
      [{ phone: '11987654321' }, 'input.phone'],
      [{ status: 'WAITING_FOR_PAIRING', pairingCode: 'not a code' }, 'input.pairingCode'],
      [{ lastError: 'e'.repeat(501) }, 'input.lastError'],
    ];
    for (const [input, field] of cases) {
      const res = await workspace.call(reportWhatsAppSession({ sessionId: 'sales-1', role: 'AGENT', status: 'STARTING', ...input }), workspace.service);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await workspace.call(whatsappSessions())).data.whatsappSessions).toEqual([]);
    expect(codeOf(await workspace.call(whatsappSessionsSince('abc')))).toBe('BAD_USER_INPUT');
  });

  test(`a workspace has at most ${MAX_SESSIONS} sessions`, async ({ workspace }) => {
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const res = await workspace.call(reportWhatsAppSession({ sessionId: `s-${i}`, role: 'TEAM', status: 'STARTING' }), workspace.service);
      expect(res.errors).toBeUndefined();
    }
    const over = await workspace.call(reportWhatsAppSession({ sessionId: 'one-more', role: 'TEAM', status: 'STARTING' }), workspace.service);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'WHATSAPP_SESSION_LIMIT' });
    // An existing session still reports.
    const existing = await workspace.call(reportWhatsAppSession({ sessionId: 's-0', role: 'TEAM', status: 'CONNECTING' }), workspace.service);
    expect(existing.data.reportWhatsAppSession.status).toBe('CONNECTING');
  });
});
