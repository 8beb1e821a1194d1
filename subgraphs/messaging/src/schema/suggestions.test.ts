import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { env, test, world, type MessagingFixtures } from '../test/fixtures.ts';
import {
  approveSuggestion,
  conversationSuggestionEntities,
  createSuggestions,
  editSuggestion,
  inbound,
  leadSuggestionEntities,
  messages,
  recordInbound,
  rejectSuggestion,
  suggestions,
  suggestionStats,
} from '../test/operations.ts';

type Workspace = MessagingFixtures['workspace'];

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000).toISOString();
const drafts = (body = 'Olá! A taxa de referência é 11,5% ao ano.') => [
  { kind: 'REPLY', body, rationale: 'The lead asked about the rate' },
  { kind: 'NEXT_ACTION', action: 'ASK_MISSING_INFO', rationale: 'Income and CPF are missing' },
  { kind: 'FOLLOW_UP', followUpAt: inAnHour(), rationale: 'The lead is active now' },
];

/** A lead writes on the agent's thread; returns the ids the worker would draft for. */
async function leadWrites(workspace: Workspace, text = 'qual a taxa de juros?', ids?: { leadId: string; conversationId: string }) {
  const leadId = ids?.leadId ?? randomUUID();
  const conversationId = ids?.conversationId ?? world.addConversation(leadId);
  const res = await workspace.asService(recordInbound({ ...inbound(leadId, `WA-${randomUUID()}`, text), sessionId: 'agent', conversationId }));
  expect(res.errors).toBeUndefined();
  return { leadId, conversationId, sourceMessageId: res.data.recordInboundMessage.message.id as string };
}

const draftFor = (source: { conversationId: string; sourceMessageId: string }) => ({
  conversationId: source.conversationId,
  sourceMessageId: source.sourceMessageId,
});

async function suggested(workspace: Workspace, text?: string, body?: string) {
  const source = await leadWrites(workspace, text);
  const res = await workspace.asService(createSuggestions({ ...draftFor(source), provider: 'rules', suggestions: drafts(body) }));
  expect(res.errors).toBeUndefined();
  const [reply, next, followUp] = res.data.createSuggestions as any[];
  return { ...source, reply, next, followUp };
}

const outboundJobs = (subgraph: { prisma: any }, workspaceId: string) =>
  subgraph.prisma.queuedJob.findMany({ where: { workspaceId, queue: 'outbound' } }) as Promise<Array<{ id: string; payload: any }>>;

describe('createSuggestions', () => {
  test('stores a PENDING set per lead message once, and a newer message supersedes the pending ones', async ({ workspace, subgraph }) => {
    const first = await suggested(workspace);
    expect([first.reply, first.next, first.followUp]).toMatchObject([
      { kind: 'REPLY', status: 'PENDING', body: 'Olá! A taxa de referência é 11,5% ao ano.', action: null, provider: 'rules', sourceMessage: { body: 'qual a taxa de juros?' } },
      { kind: 'NEXT_ACTION', status: 'PENDING', action: 'ASK_MISSING_INFO', body: null, rationale: 'Income and CPF are missing' },
      { kind: 'FOLLOW_UP', status: 'PENDING', followUpAt: expect.any(String) },
    ]);
    // A retried job gets the stored set back, whatever it drafted this time, and stores nothing.
    const retry = await workspace.asService(createSuggestions({ ...draftFor(first), provider: 'rules', suggestions: drafts('something else') }));
    expect(retry.data.createSuggestions.map((s: any) => s.id)).toEqual([first.reply.id, first.next.id, first.followUp.id]);
    expect(retry.data.createSuggestions[0].body).toBe(first.reply.body);
    expect(await subgraph.prisma.suggestion.count({ where: { workspaceId: workspace.id } })).toBe(3);

    await workspace.call(rejectSuggestion(first.next.id, 'not now'));
    const skipped = await leadWrites(workspace, 'alô?', first);
    const newest = await leadWrites(workspace, 'e o FGTS?', first);
    const second = await workspace.asService(createSuggestions({ ...draftFor(newest), provider: 'rules', suggestions: drafts('Sim, o FGTS pode compor a entrada.').slice(0, 1) }));
    expect(second.data.createSuggestions).toMatchObject([{ kind: 'REPLY', status: 'PENDING', sourceMessage: { body: 'e o FGTS?' } }]);
    const all = (await workspace.call(suggestions(first.leadId))).data.suggestions;
    expect(all.map((s: any) => [s.kind, s.status])).toEqual([
      ['REPLY', 'PENDING'],
      ['REPLY', 'SUPERSEDED'],
      ['NEXT_ACTION', 'REJECTED'],
      ['FOLLOW_UP', 'SUPERSEDED'],
    ]);
    expect(BigInt(all[0].sourceCursor)).toBeGreaterThan(BigInt(all[1].sourceCursor));
    // A late job, for a message older than a stored set, stores nothing; nor does one for a superseded set.
    const late = await workspace.asService(createSuggestions({ ...draftFor(skipped), provider: 'rules', suggestions: drafts() }));
    expect(late.data.createSuggestions).toEqual([]);
    const again = await workspace.asService(createSuggestions({ ...draftFor(first), provider: 'rules', suggestions: drafts() }));
    expect(again.data.createSuggestions.map((s: any) => s.status)).toEqual(['SUPERSEDED', 'REJECTED', 'SUPERSEDED']);
    expect((await workspace.call(suggestions(first.leadId, 'PENDING'))).data.suggestions.map((s: any) => s.id)).toEqual([second.data.createSuggestions[0].id]);
    expect(await subgraph.prisma.suggestion.count({ where: { workspaceId: workspace.id } })).toBe(4);
  });

  test.for([
    [{ suggestions: [{ kind: 'REPLY', rationale: 'x' }] }, 'input.suggestions.0.body'],
    [{ suggestions: [{ kind: 'REPLY', body: '   ', rationale: 'x' }] }, 'input.suggestions.0.body'],
    [{ suggestions: [{ kind: 'NEXT_ACTION', action: 'CALL_LEAD', body: 'hi', rationale: 'x' }] }, 'input.suggestions.0.body'],
    [{ suggestions: [{ kind: 'FOLLOW_UP', rationale: 'x' }] }, 'input.suggestions.0.followUpAt'],
    [{ suggestions: [{ kind: 'FOLLOW_UP', followUpAt: '2020-01-01T10:00:00Z', rationale: 'x' }] }, 'input.suggestions.0.followUpAt'],
    [{ suggestions: [{ kind: 'NEXT_ACTION', action: 'CALL_LEAD', rationale: '' }] }, 'input.suggestions.0.rationale'],
    [{ suggestions: [] }, 'input.suggestions'],
    [{ suggestions: [drafts()[0], drafts()[0]] }, 'input.suggestions'],
    [{ provider: 'a model!' }, 'input.provider'],
    [{ sourceMessageId: 'nope' }, 'input.sourceMessageId'],
    [{ sourceMessageId: randomUUID() }, 'input.sourceMessageId'],
    [{ conversationId: 'nope' }, 'input.conversationId'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and stores nothing', async ([extra, field], { workspace, subgraph }) => {
    const source = await leadWrites(workspace);
    const res = await workspace.asService(createSuggestions({ ...draftFor(source), provider: 'rules', suggestions: drafts(), ...extra }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.prisma.suggestion.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  test('answers only lead messages of that conversation, and only the service may call it', async ({ workspace, subgraph }) => {
    const source = await leadWrites(workspace);
    const otherThread = world.addConversation(source.leadId);
    const wrongThread = await workspace.asService(createSuggestions({ ...draftFor(source), conversationId: otherThread, provider: 'rules', suggestions: drafts() }));
    expect(wrongThread.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceMessageId' });
    const unknown = await workspace.asService(createSuggestions({ ...draftFor(source), conversationId: randomUUID(), provider: 'rules', suggestions: drafts() }));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.conversationId' });
    const byManager = await workspace.call(createSuggestions({ ...draftFor(source), provider: 'rules', suggestions: drafts() }));
    expect(byManager.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect(await subgraph.prisma.suggestion.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe('deciding a suggestion', () => {
  test('approving a reply sends the draft as is from the TEAM number through the outbound queue, exactly once', async ({ workspace, subgraph }) => {
    const { leadId, reply } = await suggested(workspace);
    const approved = await workspace.call(approveSuggestion(reply.id));
    expect(approved.errors).toBeUndefined();
    const userId = (workspace.manager as { userId: string }).userId;
    expect(approved.data.approveSuggestion).toMatchObject({
      status: 'APPROVED',
      decidedByUserId: userId,
      editedBody: null,
      sentMessage: { body: reply.body, author: 'CONSULTANT', authorUserId: userId, sessionId: env.WHATSAPP_TEAM_SESSION, status: 'QUEUED' },
    });
    expect(approved.data.approveSuggestion.decidedAt).not.toBeNull();
    const sent = approved.data.approveSuggestion.sentMessage;
    expect(await outboundJobs(subgraph, workspace.id)).toEqual([
      expect.objectContaining({ id: sent.id, payload: expect.objectContaining({ body: reply.body, sessionId: env.WHATSAPP_TEAM_SESSION, waMessageId: sent.waMessageId }) }),
    ]);

    const again = await workspace.call(approveSuggestion(reply.id));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'APPROVED' });
    const edited = await workspace.call(editSuggestion(reply.id, 'outra coisa'));
    expect(edited.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await outboundJobs(subgraph, workspace.id)).toHaveLength(1);
    const thread = await workspace.call(messages(leadId));
    expect(thread.data.messages.edges.map((e: any) => e.node.body)).toEqual(['qual a taxa de juros?', reply.body]);
  });

  test('two approvals racing send once: the other is a CONFLICT', async ({ workspace, subgraph }) => {
    const { reply } = await suggested(workspace);
    const results = await Promise.all([workspace.call(approveSuggestion(reply.id)), workspace.call(approveSuggestion(reply.id))]);
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(await outboundJobs(subgraph, workspace.id)).toHaveLength(1);
  });

  test('editing sends the edit and records MODIFIED; an unchanged edit is an approval', async ({ workspace, subgraph }) => {
    const { reply } = await suggested(workspace);
    const res = await workspace.call(editSuggestion(reply.id, '  Oi! A taxa parte de 11,5% ao ano; te mando uma simulação.  '));
    expect(res.errors).toBeUndefined();
    expect(res.data.editSuggestion).toMatchObject({
      status: 'MODIFIED',
      body: reply.body,
      editedBody: 'Oi! A taxa parte de 11,5% ao ano; te mando uma simulação.',
      sentMessage: { body: 'Oi! A taxa parte de 11,5% ao ano; te mando uma simulação.', author: 'CONSULTANT' },
    });
    const jobs = await outboundJobs(subgraph, workspace.id);
    expect(jobs.map((j) => j.payload.body)).toEqual(['Oi! A taxa parte de 11,5% ao ano; te mando uma simulação.']);

    const other = await suggested(workspace);
    const same = await workspace.call(editSuggestion(other.reply.id, other.reply.body));
    expect(same.data.editSuggestion).toMatchObject({ status: 'APPROVED', editedBody: null, sentMessage: { body: other.reply.body } });
  });

  test.for([
    ['   ', 'body'],
    ['x'.repeat(4097), 'body'],
  ] as const)('refuses the edit %# with BAD_USER_INPUT on %s and sends nothing', async ([body, field], { workspace, subgraph }) => {
    const { reply } = await suggested(workspace);
    const res = await workspace.call(editSuggestion(reply.id, body));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await outboundJobs(subgraph, workspace.id)).toEqual([]);
    expect((await subgraph.prisma.suggestion.findUnique({ where: { id: reply.id } }))?.status).toBe('PENDING');
  });

  test('rejecting sends nothing; actions and follow-ups are recorded only, and cannot be edited', async ({ workspace, subgraph }) => {
    const { reply, next, followUp } = await suggested(workspace);
    const rejected = await workspace.call(rejectSuggestion(reply.id, '  the rate depends on the analysis  '));
    expect(rejected.data.rejectSuggestion).toMatchObject({ status: 'REJECTED', rejectReason: 'the rate depends on the analysis', sentMessage: null });
    expect((await workspace.call(approveSuggestion(reply.id))).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const notEditable = await workspace.call(editSuggestion(next.id, 'call them'));
    expect(notEditable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const longReason = await workspace.call(rejectSuggestion(next.id, 'x'.repeat(501)));
    expect(longReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await workspace.call(approveSuggestion(next.id))).data.approveSuggestion).toMatchObject({ status: 'APPROVED', sentMessage: null });
    expect((await workspace.call(rejectSuggestion(followUp.id))).data.rejectSuggestion).toMatchObject({ status: 'REJECTED', rejectReason: null });
    expect(await outboundJobs(subgraph, workspace.id)).toEqual([]);
  });

  test('a suggestion of another workspace, or no suggestion at all, is NOT_FOUND; people only decide', async ({ workspace, subgraph }) => {
    const { reply } = await suggested(workspace);
    const stranger = workspace.as({ kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' });
    for (const op of [approveSuggestion(reply.id), editSuggestion(reply.id, 'x'), rejectSuggestion(reply.id), approveSuggestion('nope'), approveSuggestion(randomUUID())]) {
      const res = await (op.variables.id === reply.id ? stranger : workspace.call)(op);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    const byKey = await workspace.as({ kind: 'api_key', workspaceId: workspace.id, keyId: randomUUID(), scopes: ['messages:write', 'messages:read'] })(
      approveSuggestion(reply.id),
    );
    expect(byKey.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect((await subgraph.prisma.suggestion.findUnique({ where: { id: reply.id } }))?.status).toBe('PENDING');
    expect(await outboundJobs(subgraph, workspace.id)).toEqual([]);
  });
});

describe('reading suggestions', () => {
  test('Lead.suggestions and Conversation.suggestions, filtered by status', async ({ workspace }) => {
    const a = await suggested(workspace);
    const b = await suggested(workspace);
    await workspace.call(approveSuggestion(a.reply.id));
    const leads = await workspace.call(leadSuggestionEntities([a.leadId, b.leadId, 'nope'], 'PENDING'));
    expect(leads.data._entities.map((l: any) => l.suggestions.map((s: any) => s.kind))).toEqual([['NEXT_ACTION', 'FOLLOW_UP'], ['REPLY', 'NEXT_ACTION', 'FOLLOW_UP'], []]);
    const conversations = await workspace.call(conversationSuggestionEntities([a.conversationId], 'APPROVED'));
    expect(conversations.data._entities[0].suggestions).toEqual([{ id: a.reply.id, kind: 'REPLY', status: 'APPROVED' }]);
  });

  test('suggestionStats counts per status and the acceptance rate, overall and per kind', async ({ workspace }) => {
    const since = new Date(Date.now() - 1000).toISOString();
    const a = await suggested(workspace);
    const b = await suggested(workspace);
    const c = await suggested(workspace);
    const colleague = { kind: 'user' as const, workspaceId: workspace.id, userId: randomUUID(), role: 'MANAGER' as const };
    await workspace.call(approveSuggestion(a.reply.id));
    await workspace.call(editSuggestion(b.reply.id, 'Editado'));
    await workspace.as(colleague)(rejectSuggestion(c.reply.id));
    await workspace.call(approveSuggestion(a.next.id));
    await workspace.as(colleague)(approveSuggestion(a.followUp.id));

    const stats = (await workspace.call(suggestionStats(since))).data.suggestionStats;
    expect(stats).toMatchObject({ total: 9, pending: 4, approved: 3, modified: 1, rejected: 1, superseded: 0, decided: 5, acceptanceRate: 0.8 });
    expect(stats.byKind).toEqual([
      { kind: 'REPLY', total: 3, pending: 0, approved: 1, modified: 1, rejected: 1, superseded: 0, decided: 3, acceptanceRate: 2 / 3 },
      { kind: 'NEXT_ACTION', total: 3, pending: 2, approved: 1, modified: 0, rejected: 0, superseded: 0, decided: 1, acceptanceRate: 1 },
      { kind: 'FOLLOW_UP', total: 3, pending: 2, approved: 1, modified: 0, rejected: 0, superseded: 0, decided: 1, acceptanceRate: 1 },
    ]);
    const theirs = (await workspace.call(suggestionStats(since, colleague.userId))).data.suggestionStats;
    expect(theirs).toMatchObject({ total: 2, approved: 1, rejected: 1, decided: 2, acceptanceRate: 0.5 });
    const future = (await workspace.call(suggestionStats(new Date(Date.now() + 60_000).toISOString()))).data.suggestionStats;
    expect(future).toMatchObject({ total: 0, decided: 0, acceptanceRate: null });
    const bad = await workspace.call(suggestionStats(since, 'nope'));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
  });
});
