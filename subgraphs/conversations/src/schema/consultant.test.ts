import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startConversationsSubgraph } from '../index.ts';
import { startFakeRouter } from '../test/fake-router.ts';
import { env, jidOf, test, world } from '../test/fixtures.ts';
import {
  conversation,
  conversationEntities,
  conversations,
  leadEntities,
  openConversation,
  updateQualification,
} from '../test/operations.ts';

// Consultants see only leads assigned to them, which this subgraph learns by
// asking the router. A real HTTP server stands in for the router here.
let router: Awaited<ReturnType<typeof startFakeRouter>>;
let subgraph: Awaited<ReturnType<typeof startConversationsSubgraph>>;

beforeAll(async () => {
  router = await startFakeRouter(env.ROUTER_SIGNING_SECRET);
  subgraph = await startConversationsSubgraph({ env: { ...env, ROUTER_URL: router.url }, port: 0, directory: world.directory });
});
afterAll(async () => {
  await subgraph?.close();
  await router?.close();
});

describe('consultants', () => {
  test('see and change only the conversations of leads assigned to them', async ({ workspace }) => {
    const call = (op: Operation, as: Identity) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, as, op);
    const mine = await workspace.open();
    const theirs = await workspace.open();
    const consultant: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' };
    router.assign(consultant.userId, [mine.lead.id]);

    const list = await call(conversations(), consultant);
    expect(list.errors).toBeUndefined();
    expect(list.data.conversations.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await call(conversation(theirs.id), consultant)).data.conversation).toBeNull();
    expect((await call(conversation(mine.id), consultant)).data.conversation.id).toBe(mine.id);
    expect((await call(conversationEntities([mine.id, theirs.id]), consultant)).data._entities).toEqual([
      { id: mine.id, status: 'OPEN', lead: { id: mine.lead.id } },
      null,
    ]);
    const leads = await call(leadEntities([mine.lead.id, theirs.lead.id]), consultant);
    expect(leads.data._entities[0].conversations).toEqual([{ id: mine.id }]);
    expect(leads.data._entities[1]).toMatchObject({ conversations: [], conversation: null, qualificationState: null });

    const refused = await call(updateQualification(theirs.id, { city: 'Manaus' }), consultant);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const allowed = await call(updateQualification(mine.id, { city: 'Manaus' }), consultant);
    expect(allowed.data.updateQualification.qualification.city).toBe('Manaus');
    expect(allowed.data.updateQualification.events.at(-1).actor).toBe(`user:${consultant.userId}`);

    const other = await call(openConversation({ leadId: theirs.lead.id, sessionId: 'sales-9', remoteJid: jidOf() }), consultant);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.leadId' });
    // A manager still sees both, and nothing the consultant was refused was written.
    const all = await workspace.call(conversations());
    expect(all.data.conversations).toHaveLength(2);
    expect((await workspace.call(conversation(theirs.id))).data.conversation.qualification.city).toBeNull();
  });

  test('a consultant with no assignments sees nothing', async ({ workspace }) => {
    await workspace.open();
    const consultant: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' };
    const res = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, consultant, conversations());
    expect(res.data.conversations).toEqual([]);
  });
});
