import { randomUUID } from 'node:crypto';
import { sqlStatements, type Identity } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { apiKey, env, jidOf, test } from '../test/fixtures.ts';
import {
  conversation,
  conversationEntities,
  conversations,
  leadEntities,
  openConversation,
  updateQualification,
} from '../test/operations.ts';

describe('conversations', () => {
  test('openConversation is idempotent on (workspace, lead, session)', async ({ subgraph, workspace }) => {
    const leadId = randomUUID();
    const input = { leadId, sessionId: 'sales-1', remoteJid: jidOf() };
    const first = await workspace.call(openConversation(input), workspace.service);
    const second = await workspace.call(openConversation({ ...input, remoteJid: '123456789@lid' }), workspace.service);
    expect(first.errors).toBeUndefined();
    expect(first.data.openConversation).toMatchObject({ status: 'OPEN', qualificationState: 'NOT_STARTED', lead: { id: leadId } });
    expect(second.data.openConversation.id).toBe(first.data.openConversation.id);
    expect(second.data.openConversation.remoteJid).toBe(jidOf());
    expect(await subgraph.prisma.conversation.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(second.data.openConversation.events.map((e: { type: string }) => e.type)).toEqual(['OPENED']);
    // Another session is another thread with the same lead.
    const other = await workspace.call(openConversation({ ...input, sessionId: 'sales-2' }), workspace.service);
    expect(other.data.openConversation.id).not.toBe(first.data.openConversation.id);
  });

  test('concurrent opens of the same thread still make one row', async ({ subgraph, workspace }) => {
    const input = { leadId: randomUUID(), sessionId: 'sales-1', remoteJid: jidOf() };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => workspace.call(openConversation(input), workspace.service)),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(new Set(results.map((r) => r.data.openConversation.id)).size).toBe(1);
    expect(await subgraph.prisma.conversationEvent.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  test.for([
    [{ remoteJid: '5511987654321' }, 'input.remoteJid'],
    [{ remoteJid: 'abc@s.whatsapp.net' }, 'input.remoteJid'],
    [{ sessionId: 'Sales 1' }, 'input.sessionId'],
    [{ sessionId: 'x'.repeat(41) }, 'input.sessionId'],
    [{ leadId: 'not-a-uuid' }, 'input.leadId'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and stores nothing', async ([override, field], { subgraph, workspace }) => {
    const input = { leadId: randomUUID(), sessionId: 'sales-1', remoteJid: jidOf(), ...override };
    const res = await workspace.call(openConversation(input), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.prisma.conversation.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  test('accepts group and @lid JIDs', async ({ workspace }) => {
    for (const remoteJid of ['120363025246125486@g.us', '5511987654321-1589000000@g.us', '208317429321838@lid']) {
      const res = await workspace.call(openConversation({ leadId: randomUUID(), sessionId: 'sales-1', remoteJid }), workspace.service);
      expect(res.data?.openConversation.remoteJid).toBe(remoteJid);
    }
  });

  test('an API key needs leads:write to open a conversation', async ({ subgraph, workspace }) => {
    const reader = apiKey(workspace.id, ['conversations:read']);
    const input = { leadId: randomUUID(), sessionId: 'sales-1', remoteJid: jidOf() };
    const refused = await workspace.call(openConversation(input), reader);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await subgraph.prisma.conversation.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const writer = apiKey(workspace.id, ['leads:write']);
    // A writer gets the id back; the thread's fields are conversations:read.
    const opened = await workspace.call({ query: 'mutation($input: OpenConversationInput!) { openConversation(input: $input) { id } }', variables: { input } }, writer);
    expect((await workspace.call(conversation(opened.data?.openConversation.id))).data?.conversation.status).toBe('OPEN');
  });

  test('lists by status, and `first` bounds the list', async ({ workspace }) => {
    const a = await workspace.open();
    await workspace.open();
    await workspace.call({ query: `mutation { closeConversation(conversationId: "${a.id}") { id } }` });
    const open = await workspace.call(conversations({ status: 'OPEN' }));
    expect(open.data.conversations).toHaveLength(1);
    expect(open.data.conversations[0].id).not.toBe(a.id);
    expect((await workspace.call(conversations({ first: 1 }))).data.conversations).toHaveLength(1);
    expect((await workspace.call(conversations())).data.conversations).toHaveLength(2);
  });

  test('a workspace never sees another workspace’s conversations, also not through _entities', async ({ workspace }) => {
    const mine = await workspace.open();
    const leadId = mine.lead.id;
    const stranger: Identity = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' };
    expect((await workspace.call(conversations(), stranger)).data.conversations).toEqual([]);
    expect((await workspace.call(conversation(mine.id), stranger)).data.conversation).toBeNull();
    expect((await workspace.call(conversationEntities([mine.id]), stranger)).data._entities).toEqual([null]);
    const leads = await workspace.call(leadEntities([leadId]), stranger);
    expect(leads.data._entities).toEqual([{ id: leadId, qualificationState: null, conversation: null, conversations: [] }]);
    const write = await workspace.call(updateQualification(mine.id, { city: 'Recife' }), { ...stranger, role: 'MANAGER' });
    expect(write.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The owner still sees it, untouched.
    const own = await workspace.call(conversation(mine.id));
    expect(own.data.conversation).toMatchObject({ id: mine.id, qualification: { city: null } });
    expect((await workspace.call(conversationEntities([mine.id, 'nope']))).data._entities).toEqual([
      { id: mine.id, status: 'OPEN', lead: { id: leadId } },
      null,
    ]);
  });

  test('100 Lead references resolve conversation and qualificationState with a bounded number of statements', async ({
    subgraph,
    workspace,
  }) => {
    const leadIds = Array.from({ length: 100 }, () => randomUUID());
    // Two threads for every lead: the later-active one must win.
    await subgraph.prisma.conversation.createMany({
      data: leadIds.flatMap((leadId, i) => [
        { workspaceId: workspace.id, leadId, sessionId: 'old', remoteJid: jidOf(), lastMessageAt: new Date(Date.UTC(2026, 0, 1)) },
        {
          workspaceId: workspace.id,
          leadId,
          sessionId: 'new',
          remoteJid: jidOf(),
          lastMessageAt: new Date(Date.UTC(2026, 0, 2)),
          qualificationState: i % 2 ? 'QUALIFIED' : 'IN_PROGRESS',
        },
      ]),
    });
    const before = sqlStatements.count;
    const res = await workspace.call(leadEntities(leadIds));
    const statements = sqlStatements.count - before;
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toHaveLength(100);
    res.data._entities.forEach((lead: any, i: number) => {
      expect(lead.id).toBe(leadIds[i]);
      expect(lead.conversations).toHaveLength(2);
      expect(lead.conversation.id).toBe(lead.conversations[0].id);
      expect(lead.qualificationState).toBe(i % 2 ? 'QUALIFIED' : 'IN_PROGRESS');
    });
    // At least one: proves the counter sees this subgraph's pool at all.
    expect(statements).toBeGreaterThanOrEqual(1);
    expect(statements).toBeLessThanOrEqual(2);
  });

  test('refuses requests that do not carry the router signature', async ({ subgraph }) => {
    const unsigned = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, null, conversations());
    expect(unsigned.status).toBe(401);
  });

  test('an API key without conversations:read cannot list or resolve conversations', async ({ workspace }) => {
    const mine = await workspace.open();
    const key = apiKey(workspace.id, ['leads:read']);
    expect((await workspace.call(conversations(), key)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await workspace.call(conversationEntities([mine.id]), key)).data._entities).toEqual([null]);
  });
});
