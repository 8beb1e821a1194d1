import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, vi } from 'vitest';
import { ok } from '../test/client.ts';
import { createConnectorTenant } from '../test/connector-tenant.ts';
import { test } from '../test/fixtures.ts';
import { createLead, sendMessage } from '../test/operations.ts';
import { subscriber } from '../test/ws-client.ts';

const STATUS = `mutation Status($waMessageId: String!, $status: MessageStatus!) { updateMessageStatus(waMessageId: $waMessageId, status: $status) { id status } }`;
const updates = (leadId: string, after: string) => ({
  query: 'subscription Updates($leadId: ID!, $after: String) { messageUpdated(leadId: $leadId, after: $after) { id status updateCursor } }',
  variables: { leadId, after },
});

describe('a consultant’s message goes out through the queue and its receipts come back', () => {
  test('sendMessage records an outbound job for the TEAM session; receipts reach messageUpdated and end the job', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const leadId = (await ok(tenant.admin(createLead({ name: 'Paula', phone: '+5511987650101' })))).createLead.id;
    const head = (await ok(tenant.admin({ query: 'query($l: ID!) { messageCursor(leadId: $l) }', variables: { l: leadId } }))).messageCursor;
    const ws = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.serviceKey}` }, updates(leadId, head));

    const sent = (await ok(tenant.admin(sendMessage(leadId, 'Olá Paula!')))).sendMessage;
    expect(sent.status).toBe('QUEUED');
    const stored = (await ok(tenant.admin({ query: 'query($l: ID!) { messages(leadId: $l) { edges { node { id waMessageId sessionId conversation { id } } } } }', variables: { l: leadId } })))
      .messages.edges[0].node;
    expect(stored).toMatchObject({ id: sent.id, sessionId: 'team' });
    expect(stored.conversation?.id).toBeTruthy();

    const queue = new Queue('outbound', { connection: new Redis(platform.env.REDIS_URL, { maxRetriesPerRequest: null }) });
    try {
      await vi.waitFor(async () =>
        expect((await queue.getJob(sent.id))?.data).toMatchObject({
          messageId: sent.id,
          sessionId: 'team',
          remoteJid: '5511987650101@s.whatsapp.net',
          waMessageId: stored.waMessageId,
          body: 'Olá Paula!',
        }),
      );
    } finally {
      await queue.close();
    }

    // Each receipt reaches the subscriber before the next one is reported.
    const statuses = ['SENT', 'DELIVERED', 'READ'];
    for (const [i, status] of statuses.entries()) {
      await ok(tenant.connector({ query: STATUS, variables: { waMessageId: stored.waMessageId, status } }));
      await ws.waitFor(i + 1);
    }
    const got = await ws.waitFor(3);
    expect(got.map((r) => r.data.messageUpdated.status)).toEqual(statuses);
    const cursors = got.map((r) => BigInt(r.data.messageUpdated.updateCursor));
    expect(cursors[0]! < cursors[1]! && cursors[1]! < cursors[2]!).toBe(true);
    await ws.close();
    // The receipt ended the send: the relay's sweep will not hand it to Redis again.
    const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
    const job = (await db.query(`SELECT "doneAt" FROM messaging."QueuedJob" WHERE "queue" = 'outbound' AND "id" = $1`, [sent.id])).rows[0];
    await db.end();
    expect(job.doneAt).toBeInstanceOf(Date);
  });
});

describe('the queues are visible to admins and to Prometheus', () => {
  test('jobQueues answers admins with counts; consultants are refused; /metrics has depth and relay lag', async ({ platform, tenant }) => {
    const queues = (await ok(tenant.admin.call({ query: '{ jobQueues { name open unrelayed relayLagSeconds waiting failed redisAvailable } }' }))).jobQueues;
    expect(queues.map((q: any) => q.name).sort()).toEqual(['outbound', 'qualification']);
    expect(queues.every((q: any) => q.redisAvailable && q.open >= 0 && q.relayLagSeconds >= 0)).toBe(true);
    const refused = await tenant.consultants[0]!.call({ query: '{ jobQueues { name } }' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const metrics = await (await fetch(platform.subgraphUrls.messaging.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/leadwire_job_queue_depth\{queue="qualification",state="open"\} \d+/);
    expect(metrics).toMatch(/leadwire_job_relay_lag_seconds\{queue="outbound"\} [\d.]+/);
  });
});
