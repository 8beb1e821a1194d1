import { randomUUID } from 'node:crypto';
import { sqlStatements } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { test, world } from '../test/fixtures.ts';
import {
  conversationEntities,
  inbound,
  leadEntities,
  messageEntities,
  recordInbound,
  sendMessage,
  updateStatus,
} from '../test/operations.ts';

describe('entities', () => {
  test('Lead gets its newest messages, latest message and unread count', async ({ workspace }) => {
    const leadId = randomUUID();
    const quiet = randomUUID();
    await workspace.asService(recordInbound(inbound(leadId, 'WA-a', 'a')));
    await workspace.asService(recordInbound(inbound(leadId, 'WA-b', 'b')));
    await workspace.call(sendMessage({ leadId, body: 'c' }));
    await workspace.asService(recordInbound(inbound(leadId, 'WA-d', 'd')));
    await workspace.asService(updateStatus('WA-a', 'READ'));
    const res = await workspace.call(leadEntities([leadId, quiet]));
    expect(res.errors).toBeUndefined();
    const [lead, none] = res.data._entities;
    expect(lead.messages.map((m: any) => m.body)).toEqual(['a', 'b', 'c', 'd']);
    expect(lead.latestMessage.body).toBe('d');
    const typed = await workspace.call(leadEntities([leadId], 'latestMessage { direction status createdAt lead { id } } messages(last: 1) { author type sentAt }'));
    expect(typed.data._entities[0].latestMessage).toMatchObject({ direction: 'INBOUND', status: 'DELIVERED', lead: { id: leadId } });
    expect(new Date(typed.data._entities[0].latestMessage.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(typed.data._entities[0].messages[0]).toMatchObject({ author: 'LEAD', type: 'TEXT' });
    expect(typed.data._entities[0].messages[0].sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lead.unreadCount).toBe(2);
    expect(none).toEqual({ id: quiet, messages: [], latestMessage: null, unreadCount: 0 });
    const lastTwo = await workspace.call(leadEntities([leadId], 'messages(last: 2) { body }'));
    expect(lastTwo.data._entities[0].messages.map((m: any) => m.body)).toEqual(['c', 'd']);
  });

  test('Conversation gets its messages, and Message references resolve with their lead key', async ({ workspace }) => {
    const leadId = randomUUID();
    const conversationId = world.addConversation(leadId);
    const one = await workspace.call(sendMessage({ leadId, conversationId, body: 'in the conversation' }));
    await workspace.call(sendMessage({ leadId, body: 'outside it' }));
    const conv = await workspace.call(conversationEntities([conversationId]));
    expect(conv.data._entities[0].messages.map((m: any) => m.body)).toEqual(['in the conversation']);
    const refs = await workspace.call(messageEntities([one.data.sendMessage.id, randomUUID(), 'garbage']));
    expect(refs.data._entities).toEqual([{ id: one.data.sendMessage.id, body: 'in the conversation', lead: { id: leadId } }, null, null]);
  });

  test('another workspace sees nothing, not through _entities either', async ({ workspace }) => {
    const leadId = randomUUID();
    const conversationId = world.addConversation(leadId);
    const sent = await workspace.call(sendMessage({ leadId, conversationId, body: 'private' }));
    await workspace.asService(recordInbound(inbound(leadId, 'WA-p')));
    const other = workspace.as({ kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' });
    expect((await other(messageEntities([sent.data.sendMessage.id]))).data._entities).toEqual([null]);
    expect((await other(leadEntities([leadId]))).data._entities).toEqual([
      { id: leadId, messages: [], latestMessage: null, unreadCount: 0 },
    ]);
    expect((await other(conversationEntities([conversationId]))).data._entities[0].messages).toEqual([]);
  });

  test('a board of 50 leads costs the same few SQL statements as a board of 5', async ({ workspace }) => {
    const leadIds = Array.from({ length: 50 }, () => randomUUID());
    for (const [i, leadId] of leadIds.entries()) {
      await workspace.asService(recordInbound(inbound(leadId, `WA-${i}`, `hello ${i}`)));
      if (i % 2) await workspace.call(sendMessage({ leadId, body: `reply ${i}` }));
    }
    const measure = async (ids: string[]) => {
      const before = sqlStatements.count;
      const res = await workspace.call(leadEntities(ids, 'latestMessage { body } unreadCount messages(last: 1) { body }'));
      expect(res.errors).toBeUndefined();
      return { statements: sqlStatements.count - before, entities: res.data._entities };
    };
    const big = await measure(leadIds);
    const small = await measure(leadIds.slice(0, 5));
    expect(big.entities[1]).toMatchObject({ latestMessage: { body: 'reply 1' }, unreadCount: 1, messages: [{ body: 'reply 1' }] });
    expect(big.entities[2].latestMessage.body).toBe('hello 2');
    expect(big.statements).toBeLessThanOrEqual(3);
    expect(big.statements).toBe(small.statements);
  });

  test('one _entities call for 200 messages is one SQL statement', async ({ workspace }) => {
    const leadId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await workspace.call(sendMessage({ leadId, body: String(i) }))).data.sendMessage.id);
    const refs = Array.from({ length: 200 }, (_, i) => ids[i % ids.length]!);
    const before = sqlStatements.count;
    const res = await workspace.call(messageEntities(refs));
    expect(sqlStatements.count - before).toBe(1);
    expect(res.data._entities[199].body).toBe('19');
  });
});
