import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, directoryDouble, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMessagingSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import {
  approveSuggestion,
  conversationSuggestionEntities,
  createSuggestions,
  editSuggestion,
  inbound,
  leadSuggestionEntities,
  recordInbound,
  rejectSuggestion,
  suggestions,
  suggestionStats,
} from '../test/operations.ts';

// Consultants see only their leads' suggestions; assignments come from the
// router's `myAssignedLeadIds`, answered here by a tiny stand-in router.
const workspaceId = randomUUID();
const mine = randomUUID();
const theirs = randomUUID();
const consultant: Identity = { kind: 'user', workspaceId, userId: randomUUID(), role: 'CONSULTANT' };
const manager: Identity = { kind: 'user', workspaceId, userId: randomUUID(), role: 'MANAGER' };
const service: Identity = { kind: 'service', workspaceId, keyId: 'suggestions' };
const world = directoryDouble();

const router = http.createServer(async (req, res) => {
  for await (const _chunk of req);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ data: { myAssignedLeadIds: [mine] } }));
});

let subgraph: Awaited<ReturnType<typeof startMessagingSubgraph>>;
const as = (who: Identity) => (op: Operation) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, who, op);

beforeAll(async () => {
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  const routerUrl = `http://127.0.0.1:${(router.address() as AddressInfo).port}/graphql`;
  subgraph = await startMessagingSubgraph({ env: { ...env, ROUTER_URL: routerUrl }, port: 0, directory: world.directory });
});

afterAll(async () => {
  await subgraph?.close();
  await new Promise((resolve) => router.close(resolve));
});

async function suggestFor(leadId: string) {
  const conversationId = world.addConversation(leadId);
  const written = await as(service)(recordInbound({ ...inbound(leadId, `WA-${randomUUID()}`, 'posso usar o FGTS?'), sessionId: 'agent', conversationId }));
  const res = await as(service)(
    createSuggestions({
      conversationId,
      sourceMessageId: written.data.recordInboundMessage.message.id,
      provider: 'rules',
      suggestions: [
        { kind: 'REPLY', body: 'Sim, para imóvel residencial.', rationale: 'Knowledge base: fgts' },
        { kind: 'NEXT_ACTION', action: 'ASK_MISSING_INFO', rationale: 'Income is missing' },
      ],
    }),
  );
  expect(res.errors).toBeUndefined();
  return { conversationId, ids: res.data.createSuggestions.map((s: { id: string }) => s.id) as string[] };
}

describe('a consultant and suggestions', () => {
  test('sees and decides only the suggestions of leads assigned to them', async () => {
    const own = await suggestFor(mine);
    const other = await suggestFor(theirs);
    const jobs = () => subgraph.prisma.queuedJob.count({ where: { workspaceId, queue: 'outbound' } });

    expect((await as(consultant)(suggestions(theirs))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const op of [approveSuggestion(other.ids[0]!), editSuggestion(other.ids[0]!, 'x'), rejectSuggestion(other.ids[1]!)]) {
      // Hidden reads as missing: the id tells nothing.
      expect((await as(consultant)(op)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    expect(await jobs()).toBe(0);
    const entities = await as(consultant)(leadSuggestionEntities([mine, theirs]));
    expect(entities.data._entities.map((l: any) => l.suggestions.length)).toEqual([2, 0]);
    const threads = await as(consultant)(conversationSuggestionEntities([own.conversationId, other.conversationId]));
    expect(threads.data._entities.map((c: any) => c.suggestions.length)).toEqual([2, 0]);

    const sent = await as(consultant)(approveSuggestion(own.ids[0]!));
    expect(sent.data.approveSuggestion).toMatchObject({ status: 'APPROVED', sentMessage: { author: 'CONSULTANT', authorUserId: (consultant as { userId: string }).userId } });
    await as(manager)(rejectSuggestion(other.ids[0]!));
    expect(await jobs()).toBe(1);

    // Stats count only what the caller may see.
    const theirStats = (await as(consultant)(suggestionStats())).data.suggestionStats;
    expect(theirStats).toMatchObject({ total: 2, pending: 1, approved: 1, rejected: 0, acceptanceRate: 1 });
    const managerStats = (await as(manager)(suggestionStats())).data.suggestionStats;
    expect(managerStats).toMatchObject({ total: 4, pending: 2, approved: 1, rejected: 1, acceptanceRate: 0.5 });
  });
});
