import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import {
  closeConversation,
  conversation,
  handoffQueue,
  handOff,
  reopenConversation,
  touchConversation,
  updateQualification,
} from '../test/operations.ts';

describe('conversation lifecycle', () => {
  test('handOff sets the status and reason, appends an event, and queues the conversation oldest first', async ({ workspace }) => {
    const first = await workspace.open();
    const second = await workspace.open();
    const a = await workspace.call(handOff(first.id, 'wants to talk to a person'), workspace.service);
    expect(a.errors).toBeUndefined();
    expect(a.data.handOff).toMatchObject({ status: 'HANDED_OFF', handoffReason: 'wants to talk to a person' });
    expect(a.data.handOff.handedOffAt).toBeTruthy();
    expect(a.data.handOff.events.at(-1)).toMatchObject({ type: 'HANDED_OFF', data: { reason: 'wants to talk to a person' } });
    await workspace.call(handOff(second.id, 'qualified'), workspace.service);
    // Handing off again neither moves it in the queue nor logs twice.
    const again = await workspace.call(handOff(first.id, 'again'), workspace.service);
    expect(again.data.handOff).toMatchObject({ handoffReason: 'wants to talk to a person', handedOffAt: a.data.handOff.handedOffAt });
    expect(again.data.handOff.events.filter((e: { type: string }) => e.type === 'HANDED_OFF')).toHaveLength(1);
    const queue = await workspace.call(handoffQueue());
    expect(queue.data.handoffQueue.map((c: { id: string }) => c.id)).toEqual([first.id, second.id]);
  });

  test('handOff needs a reason', async ({ workspace }) => {
    const open = await workspace.open();
    const res = await workspace.call(handOff(open.id, '  '), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await workspace.call(conversation(open.id))).data.conversation.status).toBe('OPEN');
  });

  test('the hand-off queue is for managers', async ({ workspace }) => {
    const consultant = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' } as const;
    for (const who of [workspace.service, consultant]) {
      expect((await workspace.call(handoffQueue(), who)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  test('a closed conversation refuses writes until reopened; both transitions are logged', async ({ workspace }) => {
    const open = await workspace.open();
    await workspace.call(handOff(open.id, 'needs a human'), workspace.service);
    const closed = await workspace.call(closeConversation(open.id));
    expect(closed.data.closeConversation.status).toBe('CLOSED');
    const refused = await workspace.call(updateQualification(open.id, { city: 'Belém' }), workspace.service);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const reopened = await workspace.call(reopenConversation(open.id), workspace.service);
    expect(reopened.data.reopenConversation).toMatchObject({ status: 'OPEN', handoffReason: null, handedOffAt: null });
    expect(reopened.data.reopenConversation.events.map((e: { type: string }) => e.type)).toEqual([
      'OPENED',
      'HANDED_OFF',
      'CLOSED',
      'REOPENED',
    ]);
    expect((await workspace.call(updateQualification(open.id, { city: 'Belém' }), workspace.service)).errors).toBeUndefined();
  });

  test('touchConversation only moves lastMessageAt forward', async ({ workspace }) => {
    const open = await workspace.open();
    const later = '2026-03-02T10:00:00.000Z';
    const earlier = '2026-03-01T10:00:00.000Z';
    expect((await workspace.call(touchConversation(open.id, later), workspace.service)).data.touchConversation.lastMessageAt).toBe(later);
    const back = await workspace.call(touchConversation(open.id, earlier), workspace.service);
    expect(back.data.touchConversation.lastMessageAt).toBe(later);
  });

  test('touchConversation is for the service only, and refuses the future', async ({ workspace }) => {
    const open = await workspace.open();
    const manager = await workspace.call(touchConversation(open.id, '2026-03-01T10:00:00.000Z'));
    expect(manager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const res = await workspace.call(touchConversation(open.id, future), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect((await workspace.call(conversation(open.id))).data.conversation.lastMessageAt).toBeNull();
  });

  test('touching another workspace’s conversation is NOT_FOUND and changes nothing', async ({ workspace }) => {
    const open = await workspace.open();
    const stranger = { kind: 'service', workspaceId: randomUUID(), keyId: 'ai-agent' } as const;
    const res = await workspace.call(touchConversation(open.id, '2026-03-01T10:00:00.000Z'), stranger);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await workspace.call(conversation(open.id))).data.conversation.lastMessageAt).toBeNull();
  });
});
