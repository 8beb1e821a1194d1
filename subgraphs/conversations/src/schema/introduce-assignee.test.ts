import { randomUUID } from 'node:crypto';
import type { Identity, LeadDirectory } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { INTRODUCTION_TEXTS } from '../domain/introduction-texts.ts';
import { startConversationsSubgraph } from '../index.ts';
import { startFakeRouter } from '../test/fake-router.ts';
import { apiKey, env, test, world, type Workspace } from '../test/fixtures.ts';
import { introduceAssignee, recordAgentTurn } from '../test/operations.ts';

// Messaging is reached through the router: a real HTTP server stands in for
// it and records what would be sent. The directory knows which workspace each
// lead is in, as the leads subgraph does.
let router: Awaited<ReturnType<typeof startFakeRouter>>;
let subgraph: Awaited<ReturnType<typeof startConversationsSubgraph>>;
const leadWorkspace = new Map<string, string>();
const directory: LeadDirectory = { ...world.directory, leadExists: async (workspaceId, leadId) => leadWorkspace.get(leadId) === workspaceId };

beforeAll(async () => {
  router = await startFakeRouter(env.ROUTER_SIGNING_SECRET);
  subgraph = await startConversationsSubgraph({ env: { ...env, ROUTER_URL: router.url }, port: 0, directory });
});
afterAll(async () => {
  await subgraph?.close();
  await router?.close();
});

const AGENT = env.WHATSAPP_AGENT_SESSION;
const call = (op: Operation, as: Identity) => callSubgraph<any>(subgraph, env.ROUTER_SIGNING_SECRET, as, op);
const introduce = (w: Workspace, leadId: string, assignmentId: string, name = 'Carla Consultora', as: Identity = w.service) =>
  call(introduceAssignee(leadId, assignmentId, name), as);
const newLead = (w: Workspace) => {
  const id = randomUUID();
  leadWorkspace.set(id, w.id);
  return id;
};
const sentTo = (leadThreadIds: string[]) => router.replies.filter((r) => leadThreadIds.includes(r.conversationId));
const sentIn = (w: Workspace) => router.replies.filter((r) => r.workspaceId === w.id);
/** An agent turn that leaves `state` as the agent's dialogue state, as the qualification worker commits it. */
const agentTurn = (w: Workspace, conversationId: string, state: Record<string, unknown>, outcome = 'IN_PROGRESS') =>
  w.call(
    recordAgentTurn(conversationId, {
      expectedTurn: 0,
      cursor: '1',
      state,
      outcome,
      decision: { provider: 'rules', latencyMs: 1, confidence: 1, intents: ['GIVES_INFO'], sentiment: 'NEUTRAL' },
    }),
    w.service,
  );

describe('introduceAssignee', () => {
  test('tells the lead on the agent’s thread, as the calling service, under the assignment’s key; Portuguese unless the agent speaks English', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const agent = await workspace.open(leadId, AGENT);
    // A team thread opened later is the more recent one, but the agent does not talk there.
    const team = await workspace.open(leadId, 'team');
    const assignmentId = randomUUID();
    const res = await introduce(workspace, leadId, assignmentId);
    expect(res.errors).toBeUndefined();
    expect(res.data.introduceAssignee).toBe('INTRODUCED');
    const text = INTRODUCTION_TEXTS.pt.replace('{name}', 'Carla Consultora');
    expect(sentTo([agent.id, team.id])).toEqual([
      { workspaceId: workspace.id, kind: 'service', conversationId: agent.id, key: `intro-${assignmentId}`, replies: [text] },
    ]);
    expect(text).toMatch(/^Carla Consultora .*falar com você em breve/);

    const english = newLead(workspace);
    const thread = await workspace.open(english, AGENT);
    expect((await agentTurn(workspace, thread.id, { agent: { lang: 'en', fields: {} } })).errors).toBeUndefined();
    expect((await introduce(workspace, english, randomUUID(), 'Sam $& Smith')).data.introduceAssignee).toBe('INTRODUCED');
    expect(sentTo([thread.id])[0]!.replies).toEqual(['Sam $& Smith from our team will take care of you from now on and will be in touch here shortly.']);
  });

  test('a repeat asks for the same key, which messaging sends once; a new assignment is a new introduction', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const agent = await workspace.open(leadId, AGENT);
    const first = randomUUID();
    for (let i = 0; i < 2; i++) expect((await introduce(workspace, leadId, first)).data.introduceAssignee).toBe('INTRODUCED');
    const sent = sentTo([agent.id]);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    // Moved on by the SLA: the next consultant is introduced under their assignment's key.
    const second = randomUUID();
    await introduce(workspace, leadId, second, 'Caio Consultor');
    expect(sentTo([agent.id]).map((s) => s.key)).toEqual([`intro-${first}`, `intro-${first}`, `intro-${second}`]);
    expect(sentTo([agent.id])[2]!.replies[0]).toContain('Caio Consultor');
  });

  test('a lead who opted out is told nothing', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const team = await workspace.open(leadId, 'team');
    const agent = await workspace.open(leadId, AGENT);
    // Opting out on the agent's number marks every thread; consent is the person's.
    expect((await agentTurn(workspace, agent.id, { agent: { lang: 'pt' } }, 'OPT_OUT')).errors).toBeUndefined();
    const res = await introduce(workspace, leadId, randomUUID());
    expect(res.data.introduceAssignee).toBe('OPTED_OUT');
    expect(sentTo([agent.id, team.id])).toEqual([]);
  });

  test('a lead the agent has no thread with (a landing-page lead, or one only on the team’s number) is told nothing', async ({ workspace }) => {
    const fromLandingPage = newLead(workspace);
    expect((await introduce(workspace, fromLandingPage, randomUUID())).data.introduceAssignee).toBe('NO_THREAD');
    const teamOnly = newLead(workspace);
    await workspace.open(teamOnly, 'team');
    expect((await introduce(workspace, teamOnly, randomUUID())).data.introduceAssignee).toBe('NO_THREAD');
    expect(sentIn(workspace)).toEqual([]);
  });

  test('a lead of another workspace, or none, is NOT_FOUND and nothing is sent', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const agent = await workspace.open(leadId, AGENT);
    const stranger: Identity = { kind: 'service', workspaceId: randomUUID(), keyId: 'assignment-outbox' };
    const foreign = await introduce(workspace, leadId, randomUUID(), 'Carla Consultora', stranger);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const unknown = await introduce(workspace, randomUUID(), randomUUID());
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    expect(sentTo([agent.id])).toEqual([]);
    expect(router.replies.filter((r) => r.workspaceId === stranger.workspaceId)).toEqual([]);
  });

  test('people and API keys are refused', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const agent = await workspace.open(leadId, AGENT);
    const consultant: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' };
    for (const as of [workspace.manager, consultant, apiKey(workspace.id, ['conversations:read', 'leads:write'])]) {
      const res = await introduce(workspace, leadId, randomUUID(), 'Carla Consultora', as);
      expect(res.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    expect(sentTo([agent.id])).toEqual([]);
  });

  test.for([
    [['not-a-uuid', randomUUID(), 'Carla'], 'leadId'],
    [[null, 'intro', 'Carla'], 'assignmentId'],
    [[null, randomUUID(), '   '], 'consultantName'],
    [[null, randomUUID(), 'x'.repeat(121)], 'consultantName'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and sends nothing', async ([[lead, assignmentId, name], field], { workspace }) => {
    const leadId = newLead(workspace);
    await workspace.open(leadId, AGENT);
    const res = await introduce(workspace, lead ?? leadId, assignmentId, name);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(sentIn(workspace)).toEqual([]);
  });

  test('fails while messaging cannot be reached, so the caller’s outbox tries again', async ({ workspace }) => {
    const leadId = newLead(workspace);
    const agent = await workspace.open(leadId, AGENT);
    const assignmentId = randomUUID();
    router.failReplies(true);
    try {
      const res = await introduce(workspace, leadId, assignmentId);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.data?.introduceAssignee ?? null).toBeNull();
    } finally {
      router.failReplies(false);
    }
    expect((await introduce(workspace, leadId, assignmentId)).data.introduceAssignee).toBe('INTRODUCED');
    expect(sentTo([agent.id]).map((s) => s.key)).toEqual([`intro-${assignmentId}`]);
  });
});
