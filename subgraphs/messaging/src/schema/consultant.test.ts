import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER, type Identity } from '@leadwire/platform';
import { callSubgraph, directoryDouble, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMessagingSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import {
  conversationEntities,
  inbound,
  leadEntities,
  messageCursor,
  messageEntities,
  messages,
  messagesSince,
  recordInbound,
  sendMessage,
} from '../test/operations.ts';

// Consultants see only the leads assigned to them, which the subgraph learns
// from the router's `myAssignedLeadIds`. A tiny stand-in router answers it.
const workspaceId = randomUUID();
const mine = randomUUID();
const theirs = randomUUID();
const consultant: Identity = { kind: 'user', workspaceId, userId: randomUUID(), role: 'CONSULTANT' };
const manager: Identity = { kind: 'user', workspaceId, userId: randomUUID(), role: 'MANAGER' };
const service: Identity = { kind: 'service', workspaceId, keyId: 'connector' };
const routerCalls: Array<{ query: string; signed: boolean }> = [];
const world = directoryDouble();

const router = http.createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const { query } = JSON.parse(raw) as { query: string };
  routerCalls.push({ query, signed: typeof req.headers[IDENTITY_HEADER] === 'string' });
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

describe('a consultant', () => {
  test('reads and writes only the threads of leads assigned to them', async () => {
    await as(manager)(sendMessage({ leadId: theirs, conversationId: world.addConversation(theirs), body: 'not for you' }));
    await as(service)(recordInbound(inbound(mine, `WA-${randomUUID()}`, 'mine')));
    await as(manager)(sendMessage({ leadId: mine, conversationId: world.addConversation(mine), body: 'also mine' }));

    routerCalls.length = 0;
    for (const op of [messages(theirs), messagesSince(theirs, null), messageCursor(theirs), sendMessage({ leadId: theirs, body: 'x' })]) {
      const res = await as(consultant)(op);
      // Hidden reads as missing: the id tells nothing.
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(routerCalls.length).toBe(4);
    expect(routerCalls.every((c) => c.signed && c.query.includes('myAssignedLeadIds'))).toBe(true);
    const theirThread = await as(manager)(messages(theirs));
    expect(theirThread.data.messages.edges.map((e: any) => e.node.body)).toEqual(['not for you']);

    const own = await as(consultant)(messages(mine));
    expect(own.data.messages.edges.map((e: any) => e.node.body)).toEqual(['mine', 'also mine']);
    const sent = await as(consultant)(sendMessage({ leadId: mine, body: 'Olá!' }));
    expect(sent.data.sendMessage).toMatchObject({ author: 'CONSULTANT', authorUserId: (consultant as { userId: string }).userId });
  });

  test('gets nothing for hidden leads through _entities, with one router call per request', async () => {
    const theirThread = world.addConversation(theirs);
    const myThread = world.addConversation(mine);
    const hidden = await as(manager)(sendMessage({ leadId: theirs, conversationId: theirThread, body: 'hidden' }));
    await as(manager)(sendMessage({ leadId: mine, conversationId: myThread, body: 'visible' }));

    routerCalls.length = 0;
    const leads = await as(consultant)(leadEntities([mine, theirs], 'latestMessage { body } unreadCount messages { body }'));
    expect(routerCalls).toHaveLength(1);
    expect(leads.data._entities[0].latestMessage.body).toBe('visible');
    expect(leads.data._entities[1]).toEqual({ id: theirs, latestMessage: null, unreadCount: 0, messages: [] });

    expect((await as(consultant)(messageEntities([hidden.data.sendMessage.id]))).data._entities).toEqual([null]);
    const conversations = await as(consultant)(conversationEntities([myThread, theirThread]));
    expect(conversations.data._entities.map((c: any) => c.messages.map((m: any) => m.body))).toEqual([['visible'], []]);
  });
});
