import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { inbound, messages, queuedMessages, recordInbound, sendMessage, updateStatus } from '../test/operations.ts';

describe('connector mutations', () => {
  test('recording the same WhatsApp message twice stores one row and reports the replay', async ({ workspace }) => {
    const leadId = randomUUID();
    const first = await workspace.asService(recordInbound({ ...inbound(leadId, 'WA-1'), sentAt: '2026-11-20T10:00:00.000Z' }));
    expect(first.errors).toBeUndefined();
    expect(first.data.recordInboundMessage).toMatchObject({
      duplicate: false,
      message: { leadId, direction: 'INBOUND', author: 'LEAD', status: 'DELIVERED', type: 'TEXT', sentAt: '2026-11-20T10:00:00.000Z' },
    });
    const replay = await workspace.asService(recordInbound(inbound(leadId, 'WA-1', 'different text')));
    expect(replay.data.recordInboundMessage.duplicate).toBe(true);
    expect(replay.data.recordInboundMessage.message).toEqual(first.data.recordInboundMessage.message);
    const thread = await workspace.call(messages(leadId));
    expect(thread.data.messages.edges).toHaveLength(1);
    expect(thread.data.messages.edges[0].node.body).toBe('Oi, tenho interesse');
  });

  test('the same WhatsApp id in another workspace is another message', async ({ workspace }) => {
    const leadId = randomUUID();
    await workspace.asService(recordInbound(inbound(leadId, 'WA-shared')));
    const other = { kind: 'service', workspaceId: randomUUID(), keyId: 'connector' } as const;
    const res = await workspace.as(other)(recordInbound(inbound(leadId, 'WA-shared')));
    expect(res.data.recordInboundMessage.duplicate).toBe(false);
  });

  test('concurrent replays of one message store it once', async ({ workspace }) => {
    const leadId = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => workspace.asService(recordInbound(inbound(leadId, 'WA-race')))));
    expect(results.filter((r) => r.data.recordInboundMessage.duplicate === false)).toHaveLength(1);
    expect((await workspace.call(messages(leadId))).data.messages.edges).toHaveLength(1);
  });

  test('only the connector may record inbound messages, report receipts or drain the queue', async ({ workspace }) => {
    const leadId = randomUUID();
    const admin = workspace.as({ kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'ADMIN' });
    const apiKey = workspace.as({ kind: 'api_key', workspaceId: workspace.id, keyId: 'k', scopes: ['messages:write', 'messages:read'] });
    for (const call of [workspace.call, admin, apiKey]) {
      const res = await call(recordInbound(inbound(leadId, 'WA-x')));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await call(updateStatus('WA-x', 'READ'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await call(queuedMessages())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await workspace.call(messages(leadId))).data.messages.edges).toEqual([]);
  });

  test.for([
    [{ waMessageId: '' }, 'input.waMessageId'],
    [{ body: 'x'.repeat(4097) }, 'input.body'],
    [{ body: null }, 'input.body'],
    [{ leadId: 'nope' }, 'input.leadId'],
    [{ type: 'IMAGE', body: null, mediaUrl: 'not a url' }, 'input.mediaUrl'],
  ] as const)('refuses inbound %j with BAD_USER_INPUT on %s', async ([patch, field], { workspace }) => {
    const leadId = randomUUID();
    const res = await workspace.asService(recordInbound({ ...inbound(leadId, 'WA-bad'), ...patch }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await workspace.call(messages(leadId))).data.messages.edges).toEqual([]);
  });

  test('stores media messages without a body', async ({ workspace }) => {
    const res = await workspace.asService(
      recordInbound({ ...inbound(randomUUID(), 'WA-img'), type: 'IMAGE', body: null, mediaUrl: 'https://cdn.example/a.jpg', mediaMime: 'image/jpeg' }),
    );
    expect(res.data.recordInboundMessage.message).toMatchObject({ type: 'IMAGE', body: null });
  });

  test('a status only moves forward; stale receipts are ignored', async ({ workspace }) => {
    const sent = await workspace.call(sendMessage({ leadId: randomUUID(), body: 'Proposta' }));
    const wa = sent.data.sendMessage.waMessageId;
    const toSent = await workspace.asService(updateStatus(wa, 'SENT'));
    expect(toSent.data.updateMessageStatus).toMatchObject({ status: 'SENT', deliveredAt: null });
    expect(toSent.data.updateMessageStatus.sentAt).not.toBeNull();
    const toRead = await workspace.asService(updateStatus(wa, 'READ'));
    expect(toRead.data.updateMessageStatus.status).toBe('READ');
    expect(toRead.data.updateMessageStatus.deliveredAt).not.toBeNull();
    for (const stale of ['DELIVERED', 'SENT', 'QUEUED', 'FAILED']) {
      const res = await workspace.asService(updateStatus(wa, stale, 'late'));
      expect(res.data.updateMessageStatus).toMatchObject({ status: 'READ', error: null });
    }
    expect((await workspace.asService(updateStatus('WA-unknown', 'READ'))).data.updateMessageStatus).toBeNull();
  });

  test('a message fails only before delivery, and keeps its error', async ({ workspace }) => {
    const a = (await workspace.call(sendMessage({ leadId: randomUUID(), body: 'a' }))).data.sendMessage.waMessageId;
    const failed = await workspace.asService(updateStatus(a, 'FAILED', 'number not on WhatsApp'));
    expect(failed.data.updateMessageStatus).toMatchObject({ status: 'FAILED', error: 'number not on WhatsApp' });
    expect((await workspace.asService(updateStatus(a, 'DELIVERED'))).data.updateMessageStatus.status).toBe('FAILED');
    const b = (await workspace.call(sendMessage({ leadId: randomUUID(), body: 'b' }))).data.sendMessage.waMessageId;
    await workspace.asService(updateStatus(b, 'DELIVERED'));
    expect((await workspace.asService(updateStatus(b, 'FAILED', 'x'))).data.updateMessageStatus.status).toBe('DELIVERED');
  });

  test('queuedMessages lists outbound QUEUED messages oldest first, only in the caller’s workspace', async ({ workspace }) => {
    const leadId = randomUUID();
    const ids: string[] = [];
    for (const body of ['1', '2', '3']) ids.push((await workspace.call(sendMessage({ leadId, body }))).data.sendMessage.waMessageId);
    await workspace.asService(recordInbound(inbound(leadId, 'WA-in')));
    await workspace.asService(updateStatus(ids[0]!, 'SENT'));
    const queue = await workspace.asService(queuedMessages());
    expect(queue.data.queuedMessages.map((m: any) => m.body)).toEqual(['2', '3']);
    expect((await workspace.asService(queuedMessages(1))).data.queuedMessages).toHaveLength(1);
    const other = workspace.as({ kind: 'service', workspaceId: randomUUID(), keyId: 'connector' });
    expect((await other(queuedMessages())).data.queuedMessages).toEqual([]);
    expect((await other(updateStatus(ids[1]!, 'SENT'))).data.updateMessageStatus).toBeNull();
  });
});
