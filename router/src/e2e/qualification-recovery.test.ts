import { randomBytes } from 'node:crypto';
import { createLogger, createServiceClient, type QualificationJob } from '@leadwire/platform';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgent } from '../../../workers/src/agent/agent.ts';
import { createAgentOperations, type AgentOperations } from '../../../workers/src/qualification/agent-operations.ts';
import { runQualificationJob } from '../../../workers/src/qualification/run-turn.ts';
import { ok } from '../test/client.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { startPlatform, type Platform } from '../test/platform.ts';

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted } }`;
const waId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

const leadThread = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node { id
    messages(last: 50) { id author direction body }
    conversation { id events { type } qualification { fullName } }
  } } } }`,
  variables: { s: phone.slice(-8) },
});

/**
 * The worker's guarantees, driven directly: whatever crashes or races, a
 * burst of lead messages is one committed turn and its replies go out once.
 */
describe('qualification turns survive crashes and races', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  const agent = createAgent({ providers: [] });
  const log = createLogger('workers', 'silent');

  beforeAll(async () => {
    platform = await startPlatform({ ownDatabase: 'recovery', env: { REDIS_URL: 'redis://127.0.0.1:6379/1' } });
    tenant = await createConnectorTenant(platform);
  }, 120_000);
  afterAll(() => platform?.close());

  /** A lead writes `texts`; returns the qualification jobs the ingest recorded for them. */
  async function leadWrites(phone: string, texts: string[]): Promise<QualificationJob[]> {
    const now = new Date().toISOString();
    const messages = texts.map((body) => ({ waMessageId: waId(), remoteJid: `${phone.slice(1)}@s.whatsapp.net`, fromMe: false, phone, pushName: 'Lead', type: 'TEXT', body, sentAt: now }));
    await ok(tenant.connector({ query: INGEST, variables: { input: { sessionId: 'agent', messages } } }));
    const client = new pg.Client({ connectionString: platform.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT payload FROM messaging."QueuedJob" j JOIN messaging."Message" m ON m.id = j.id WHERE m."waMessageId" = ANY($1) ORDER BY m.seq`,
        [messages.map((m) => m.waMessageId)],
      );
      return rows.map((r) => r.payload as QualificationJob);
    } finally {
      await client.end();
    }
  }

  const opsOf = (job: QualificationJob) => createAgentOperations(createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET), job.workspaceId);
  const run = (job: QualificationJob, ops: AgentOperations = opsOf(job)) => runQualificationJob(job, { ops, agent, log, burstMs: 0 });
  const aiReplies = (lead: { messages: Array<{ author: string; body: string }> }) => lead.messages.filter((m) => m.author === 'AI');
  const turns = (lead: { conversation: { events: Array<{ type: string }> } }) => lead.conversation.events.filter((e) => e.type === 'AGENT_TURN').length;

  test('every job of a burst, run at once on several workers, makes one turn and one set of replies', async () => {
    const phone = '+5511987650501';
    const jobs = await leadWrites(phone, ['Oi', 'quero financiar um apartamento', 'Beatriz Nogueira']);
    expect(jobs).toHaveLength(3);
    // Each job twice, as if BullMQ had handed them to two workers each.
    await Promise.all([...jobs, ...jobs].map((job) => run(job)));
    const lead = (await ok(tenant.admin(leadThread(phone)))).leads.edges[0].node;
    expect(turns(lead)).toBe(1);
    expect(lead.conversation.qualification.fullName).toBe('Beatriz Nogueira');
    const replies = aiReplies(lead);
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((m: { body: string }) => m.body)).size).toBe(replies.length);
  });

  test('a worker that dies after committing the turn and before sending leaves the retry to send the replies, once', async () => {
    const phone = '+5511987650502';
    const [job] = await leadWrites(phone, ['Oi, quero financiar um carro']);
    const real = opsOf(job!);
    const dying: AgentOperations = { ...real, sendReplies: async () => Promise.reject(new Error('worker killed')) };
    await expect(run(job!, dying)).rejects.toThrow('worker killed');
    let lead = (await ok(tenant.admin(leadThread(phone)))).leads.edges[0].node;
    expect(turns(lead)).toBe(1);
    expect(aiReplies(lead)).toHaveLength(0);

    // BullMQ runs the job again, twice for good measure.
    await run(job!);
    await run(job!);
    lead = (await ok(tenant.admin(leadThread(phone)))).leads.edges[0].node;
    expect(turns(lead)).toBe(1);
    const replies = aiReplies(lead);
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((m: { body: string }) => m.body)).size).toBe(replies.length);
  });
});
