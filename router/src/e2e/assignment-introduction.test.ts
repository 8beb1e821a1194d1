import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrlFor } from '@leadwire/platform';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { startConnector } from '../../../connector/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../../../subgraphs/assignment/src/db.ts';
import { INTRODUCTION_TEXTS } from '../../../subgraphs/conversations/src/domain/introduction-texts.ts';
import type { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { startAgentWorker, startSimulatorConnector } from '../test/agent-platform.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { TENANT_PASSWORD } from '../test/fixtures.ts';
import { createUser } from '../test/operations.ts';
import { startPlatform, type Platform } from '../test/platform.ts';
import { QUALIFYING_CONVERSATION } from '../test/qualifying-conversation.ts';

// A Redis database of this file's own: its queues are its own.
const redisUrl = 'redis://127.0.0.1:6379/5';
// And a PostgreSQL database of its own: every platform's job relay and outbox
// relay deliver the rows of their whole database, so another test's platform
// running at the same time could take this file's introduction, or the jobs
// that carry it to the phone, to its own router and Redis.

interface SimMessage {
  id: string;
  text: string;
  direction: 'IN' | 'OUT';
  session: string;
}

const CONSULTANT = 'Diego Consultor';

const leadByPhone = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node {
    id assignee { id name } assignmentHistory { reason user { id } }
    conversation { qualificationState }
  } } } }`,
  variables: { s: phone.slice(-8) },
});

const setAvailability = (available: boolean, userId: string) => ({
  query: `mutation($available: Boolean!, $userId: ID) { setAvailability(available: $available, userId: $userId) { id available } }`,
  variables: { available, userId },
});

const waitingLeads = () => ({ query: `query { waitingLeads { lead { id } productLine } }` });

/**
 * A lead that waited for a consultant is introduced to them when the queue
 * hands it out, with nothing stubbed: the simulator's phone qualifies with
 * the agent, distribution queues the lead (nobody is online), the consultant
 * comes online, and the assignment subgraph's outbox has conversations tell
 * the lead, through messaging and the connector, who will look after it.
 */
describe('the introduction of a consultant to a lead that waited for one', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let worker: ReturnType<typeof startQualificationWorker>;
  let consultant: { id: string; name: string };
  let assignmentDb: ReturnType<typeof createPrisma>;

  beforeAll(async () => {
    await flushRedisDatabase(redisUrl);
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-intro-'));
    platform = await startPlatform({ ownDatabase: 'intro', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 50 }, mediaDir: join(spool, 'media') });
    tenant = await createConnectorTenant(platform);
    consultant = (
      await ok(tenant.admin(createUser({ name: CONSULTANT, email: `diego-${tenant.workspaceId.slice(0, 8)}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT' })))
    ).createUser;
    // The workspace's only consultant is away: a qualified lead has to wait.
    expect((await ok(tenant.admin(setAvailability(false, consultant.id)))).setAvailability.available).toBe(false);
    assignmentDb = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, ASSIGNMENT_SCHEMA));
    connector = await startSimulatorConnector(platform, tenant, { redisUrl, spool });
    worker = startAgentWorker(platform, { redisUrl, burstMs: 500 });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await connector?.close();
    await platform?.close();
    await assignmentDb?.prisma.$disconnect();
    await assignmentDb?.pool.end();
  });

  const simulator = () => `${connector.simulatorServer!.url}/simulator/messages`;
  const phoneSaw = async (phone: string): Promise<SimMessage[]> => {
    const res = await fetch(`${simulator()}?phone=${encodeURIComponent(phone)}`);
    return ((await res.json()) as { messages: SimMessage[] }).messages.filter((m) => m.direction === 'OUT');
  };
  // Receipts move a message's status along; which messages arrived is what counts.
  const introductions = async (phone: string) =>
    (await phoneSaw(phone)).filter((m) => m.text.includes(CONSULTANT)).map(({ id, text, session }) => ({ id, text, session }));

  /** The lead says `text` and waits until the agent has answered it. */
  async function say(phone: string, text: string) {
    const before = (await phoneSaw(phone)).length;
    const res = await fetch(simulator(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, name: 'Lead', text }),
    });
    expect(res.status).toBeLessThan(300);
    await vi.waitFor(
      async () => {
        if ((await phoneSaw(phone)).length <= before) throw new Error(`no reply yet to "${text}"`);
      },
      { timeout: 15_000, interval: 50 },
    );
  }

  const findLead = async (phone: string) => (await ok(tenant.admin(leadByPhone(phone)))).leads.edges[0]?.node;
  const introductionRows = (leadId: string) =>
    assignmentDb.prisma.outbox.findMany({ where: { topic: 'lead.assigned', payload: { path: ['leadId'], equals: leadId } } });

  test('waits unintroduced while nobody is online, is introduced once when the consultant comes online, and a redelivery sends nothing again', async () => {
    const phone = '+5511987650601';
    for (const text of QUALIFYING_CONVERSATION) {
      await say(phone, text);
    }

    // Qualified, and queued: nobody serving real estate is online.
    const lead = await vi.waitFor(
      async () => {
        const found = await findLead(phone);
        expect(found.conversation.qualificationState).toBe('QUALIFIED');
        const waiting = (await ok(tenant.admin(waitingLeads()))).waitingLeads;
        expect(waiting).toContainEqual({ lead: { id: found.id }, productLine: 'REAL_ESTATE' });
        return found;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(lead.assignee).toBeNull();
    expect(await introductionRows(lead.id)).toEqual([]);
    expect(await introductions(phone)).toEqual([]);

    // The consultant comes online and the queue hands the lead to them.
    expect((await ok(tenant.admin(setAvailability(true, consultant.id)))).setAvailability.available).toBe(true);
    const assigned = await findLead(phone);
    expect(assigned.assignee).toEqual({ id: consultant.id, name: CONSULTANT });
    expect(assigned.assignmentHistory).toEqual([{ reason: 'QUEUE_DRAINED', user: { id: consultant.id } }]);

    // The lead hears who will look after it, in Portuguese, on the agent's number.
    const [intro] = await vi.waitFor(
      async () => {
        const seen = await introductions(phone);
        expect(seen).toHaveLength(1);
        return seen;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(intro).toMatchObject({ text: INTRODUCTION_TEXTS.pt.replace('{name}', CONSULTANT), session: 'agent' });

    // Delivered again (a relay that crashed before recording the delivery): the lead is not told twice.
    const [row] = await introductionRows(lead.id);
    expect(row).toMatchObject({ deliveredAt: expect.any(Date), attempts: 1 });
    await assignmentDb.prisma.outbox.update({ where: { id: row!.id }, data: { deliveredAt: null } });
    await vi.waitFor(async () => expect((await introductionRows(lead.id))[0]).toMatchObject({ deliveredAt: expect.any(Date), attempts: 2 }), {
      timeout: 15_000,
      interval: 100,
    });
    // Give a second message, had one been queued, time to reach the phone.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await introductions(phone)).toEqual([intro]);
  });
});
