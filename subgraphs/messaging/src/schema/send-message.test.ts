import { randomUUID } from 'node:crypto';
import { channels, createPubSub, type Identity } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { env, test } from '../test/fixtures.ts';
import { createTemplate, messageCursor, messages, messagesSince, sendMessage } from '../test/operations.ts';

describe('sendMessage', () => {
  test('queues an outbound message that shows in messages and messagesSince with increasing cursors', async ({ workspace }) => {
    const leadId = randomUUID();
    const before = await workspace.call(messageCursor(leadId));
    const first = await workspace.call(sendMessage({ leadId, body: '  Olá, Ana!  ' }));
    const second = await workspace.call(sendMessage({ leadId, body: 'Tudo bem?' }));
    expect(first.errors).toBeUndefined();
    expect(first.data.sendMessage).toMatchObject({
      leadId,
      body: 'Olá, Ana!',
      direction: 'OUTBOUND',
      author: 'CONSULTANT',
      authorUserId: (workspace.manager as { userId: string }).userId,
      type: 'TEXT',
      status: 'QUEUED',
      sentAt: null,
    });
    expect(first.data.sendMessage.waMessageId).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(BigInt(second.data.sendMessage.cursor)).toBeGreaterThan(BigInt(first.data.sendMessage.cursor));

    const page = await workspace.call(messages(leadId));
    expect(page.data.messages.edges.map((e: any) => e.node.body)).toEqual(['Olá, Ana!', 'Tudo bem?']);
    const since = await workspace.call(messagesSince(leadId, before.data.messageCursor));
    expect(since.data.messagesSince.map((m: any) => m.id)).toEqual([first.data.sendMessage.id, second.data.sendMessage.id]);
    const after = await workspace.call(messagesSince(leadId, first.data.sendMessage.cursor));
    expect(after.data.messagesSince.map((m: any) => m.id)).toEqual([second.data.sendMessage.id]);
    expect((await workspace.call(messageCursor(leadId))).data.messageCursor).toBe(second.data.sendMessage.cursor);
  });

  test('paginates the thread forwards and backwards', async ({ workspace }) => {
    const leadId = randomUUID();
    for (const body of ['1', '2', '3', '4', '5']) await workspace.call(sendMessage({ leadId, body }));
    const head = await workspace.call(messages(leadId, { first: 2 }));
    expect(head.data.messages.edges.map((e: any) => e.node.body)).toEqual(['1', '2']);
    expect(head.data.messages.pageInfo.hasNextPage).toBe(true);
    const next = await workspace.call(messages(leadId, { first: 2, after: head.data.messages.pageInfo.endCursor }));
    expect(next.data.messages.edges.map((e: any) => e.node.body)).toEqual(['3', '4']);
    const tail = await workspace.call(messages(leadId, { last: 2 }));
    expect(tail.data.messages.edges.map((e: any) => e.node.body)).toEqual(['4', '5']);
    const earlier = await workspace.call(messages(leadId, { last: 2, before: tail.data.messages.pageInfo.startCursor }));
    expect(earlier.data.messages.edges.map((e: any) => e.node.body)).toEqual(['2', '3']);
  });

  test.for([
    [{ body: 'x'.repeat(4097) }, 'input.body'],
    [{ body: '   ' }, 'input.body'],
    [{}, 'input.body'],
    [{ body: 'hi', leadId: 'not-a-uuid' }, 'input.leadId'],
    [{ body: 'hi', conversationId: 'nope' }, 'input.conversationId'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and stores nothing', async ([input, field], { workspace }) => {
    const leadId = randomUUID();
    const res = await workspace.call(sendMessage({ leadId, ...input }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await workspace.call(messages(leadId))).data.messages.edges).toEqual([]);
    expect((await workspace.call(messageCursor(leadId))).data.messageCursor).toBe('0');
  });

  test('accepts a body of exactly 4096 characters', async ({ workspace }) => {
    const res = await workspace.call(sendMessage({ leadId: randomUUID(), body: 'x'.repeat(4096) }));
    expect(res.data.sendMessage.body).toHaveLength(4096);
  });

  test('renders a template and refuses missing variables', async ({ workspace }) => {
    const leadId = randomUUID();
    const created = await workspace.call(
      createTemplate({ name: 'boas_vindas', category: 'UTILITY', body: 'Olá {{name}}, sobre o {{ product }}: {{name}}!' }),
    );
    const templateId = created.data.createTemplate.id;
    const missing = await workspace.call(sendMessage({ leadId, templateId, variables: { name: 'Ana' } }));
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables', missing: ['product'] });
    const withBody = await workspace.call(sendMessage({ leadId, templateId, body: 'x', variables: { name: 'Ana', product: 'Civic' } }));
    expect(withBody.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    const unknown = await workspace.call(sendMessage({ leadId, templateId: randomUUID() }));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.templateId' });
    expect((await workspace.call(messages(leadId))).data.messages.edges).toEqual([]);

    const sent = await workspace.call(sendMessage({ leadId, templateId, variables: { name: 'Ana', product: 'Civic' } }));
    expect(sent.data.sendMessage).toMatchObject({ type: 'TEMPLATE', body: 'Olá Ana, sobre o Civic: Ana!', status: 'QUEUED' });
  });

  test('an API key needs messages:write, and its messages are authored SYSTEM', async ({ subgraph, workspace }) => {
    const leadId = randomUUID();
    const readOnly: Identity = { kind: 'api_key', workspaceId: workspace.id, keyId: randomUUID(), scopes: ['messages:read'] };
    const refused = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, readOnly, sendMessage({ leadId, body: 'x' }));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await workspace.call(messages(leadId))).data.messages.edges).toEqual([]);

    const writer: Identity = { kind: 'api_key', workspaceId: workspace.id, keyId: randomUUID(), scopes: ['messages:write'] };
    const sent = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, writer, {
      query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      variables: { input: { leadId, body: 'x' } },
    });
    // A writer gets the id back; the message's fields are messages:read.
    const stored = await workspace.call({
      query: 'query($leadId: ID!) { messagesSince(leadId: $leadId) { id author authorUserId status } }',
      variables: { leadId },
    });
    expect(stored.data.messagesSince).toEqual([{ id: sent.data.sendMessage.id, author: 'SYSTEM', authorUserId: null, status: 'QUEUED' }]);
    const cannotRead = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, writer, messages(leadId));
    expect(cannotRead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('wakes subscribers on messages:<workspaceId> after commit', async ({ workspace }) => {
    const pubsub = createPubSub(env.REDIS_URL);
    try {
      const woken: any[] = [];
      const received = new Promise<void>((resolve) => {
        void pubsub.subscribe(channels.messages(workspace.id), (payload: unknown) => {
          woken.push(payload);
          resolve();
        });
      });
      // Subscribing is asynchronous; wait until Redis has registered it.
      await new Promise((r) => setTimeout(r, 100));
      const leadId = randomUUID();
      const sent = await workspace.call(sendMessage({ leadId, body: 'ping' }));
      await Promise.race([received, new Promise((_, reject) => setTimeout(() => reject(new Error('no wake-up')), 3000))]);
      expect(woken[0]).toEqual({ workspaceId: workspace.id, cursor: sent.data.sendMessage.cursor, leadId });
    } finally {
      await pubsub.close();
    }
  });

  test('refuses requests that do not carry the router signature', async ({ subgraph }) => {
    const unsigned = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, null, messages(randomUUID()));
    expect(unsigned.status).toBe(401);
  });
});
