import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test, world } from '../test/fixtures.ts';
import { messages, sendAgentReplies } from '../test/operations.ts';

describe('sendAgentReplies', () => {
  test('queues the replies on the conversation’s own session, once per key', async ({ workspace, subgraph }) => {
    const leadId = randomUUID();
    const conversationId = world.addConversation(leadId);
    const input = { conversationId, key: '1', replies: ['Olá! Sou a assistente.', 'Qual é o seu nome?'] };
    const first = await workspace.asService(sendAgentReplies(input));
    expect(first.errors).toBeUndefined();
    expect(first.data.sendAgentReplies).toMatchObject([
      { leadId, body: 'Olá! Sou a assistente.', author: 'AI', direction: 'OUTBOUND', status: 'QUEUED', sessionId: 'agent', conversation: { id: conversationId } },
      { body: 'Qual é o seu nome?' },
    ]);
    // A retried turn (a worker that crashed after sending) names the same messages and queues nothing new.
    const retry = await workspace.asService(sendAgentReplies(input));
    expect(retry.data.sendAgentReplies.map((m: { id: string }) => m.id)).toEqual(first.data.sendAgentReplies.map((m: { id: string }) => m.id));
    const jobs = await subgraph.prisma.queuedJob.findMany({ where: { workspaceId: workspace.id, queue: 'outbound' } });
    expect(jobs.map((j) => j.id).sort()).toEqual(first.data.sendAgentReplies.map((m: { id: string }) => m.id).sort());
    expect(jobs.map((j) => (j.payload as { sessionId: string }).sessionId)).toEqual(['agent', 'agent']);

    // Another key is another batch.
    const next = await workspace.asService(sendAgentReplies({ conversationId, key: '2', replies: ['Anotei.'] }));
    expect(next.data.sendAgentReplies[0].id).not.toBe(first.data.sendAgentReplies[0].id);
    const thread = await workspace.call(messages(leadId));
    expect(thread.data.messages.edges.map((e: any) => e.node.body)).toEqual(['Olá! Sou a assistente.', 'Qual é o seu nome?', 'Anotei.']);
  });

  test.for([
    [{ replies: [] }, 'input.replies'],
    [{ replies: ['  '] }, 'input.replies.0'],
    [{ replies: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'input.replies'],
    [{ key: 'Turn 1' }, 'input.key'],
    [{ conversationId: 'nope' }, 'input.conversationId'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and queues nothing', async ([extra, field], { workspace, subgraph }) => {
    const conversationId = world.addConversation(randomUUID());
    const res = await workspace.asService(sendAgentReplies({ conversationId, key: '1', replies: ['Oi'], ...extra }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.prisma.message.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  test('an unknown conversation is NOT_FOUND; people and API keys may not speak as the agent', async ({ workspace, subgraph }) => {
    const unknown = await workspace.asService(sendAgentReplies({ conversationId: randomUUID(), key: '1', replies: ['Oi'] }));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.conversationId' });
    const conversationId = world.addConversation(randomUUID());
    const byManager = await workspace.call(sendAgentReplies({ conversationId, key: '1', replies: ['Oi'] }));
    expect(byManager.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const byKey = await workspace.as({ kind: 'api_key', workspaceId: workspace.id, keyId: randomUUID(), scopes: ['messages:write'] })(
      sendAgentReplies({ conversationId, key: '1', replies: ['Oi'] }),
    );
    expect(byKey.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect(await subgraph.prisma.message.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
