import { randomBytes } from 'node:crypto';
import { createLogger, createServiceClient } from '@leadwire/platform';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createAgent } from '../../../workers/src/agent/agent.ts';
import { createQualificationHandler } from '../../../workers/src/qualification/qualification-handler.ts';
import { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { TENANT_PASSWORD } from '../test/fixtures.ts';
import { createUser } from '../test/operations.ts';
import { startPlatform, type Platform } from '../test/platform.ts';

// A Redis database of this file's own.
const redisUrl = 'redis://127.0.0.1:6379/6';
const LEADS = 1_000;
const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted } }`;
// Everything the agent needs in one message, so each lead qualifies in one turn.
const PITCH =
  'Oi! Sou Marina Costa, quero financiar um apartamento de 400 mil em Campinas SP, tenho 120 mil de entrada, ' +
  'ganho 15 mil por mês, sou CLT, CPF 390.533.447-05, quero comprar mês que vem';

/**
 * The acceptance test: 1,000 leads qualified at once by four
 * qualification workers across three available consultants.
 */
describe('1,000 leads qualified concurrently by 4 workers', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  let db: pg.Client;
  const workers: Array<ReturnType<typeof startQualificationWorker>> = [];

  beforeAll(async () => {
    await flushRedisDatabase(redisUrl);
    platform = await startPlatform({ ownDatabase: 'scale', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 50 } });
    tenant = await createConnectorTenant(platform);
    db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await db?.end();
    await platform?.close();
  });

  const consultant = async (name: string, extra: Record<string, unknown> = {}) =>
    (
      await ok(
        tenant.admin(
          createUser({ name, email: `${name.toLowerCase()}-${tenant.workspaceId.slice(0, 8)}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT', capacity: 400, ...extra }),
        ),
      )
    ).createUser as { id: string };

  test('each available consultant gets 333 or 334, no lead twice, none lost, the unavailable one none', async () => {
    const team = [await consultant('Ana'), await consultant('Bruno'), await consultant('Carla')];
    const away = await consultant('Davi');
    await ok(tenant.admin({ query: 'mutation($id: ID!) { setAvailability(available: false, userId: $id) { id available } }', variables: { id: away.id } }));

    const now = new Date().toISOString();
    const phones = Array.from({ length: LEADS }, (_, i) => `+55119${String(70_000_000 + i).padStart(8, '0')}`);
    for (let i = 0; i < LEADS; i += 50) {
      const messages = phones.slice(i, i + 50).map((phone) => ({
        waMessageId: `3EB0${randomBytes(9).toString('hex').toUpperCase()}`,
        remoteJid: `${phone.slice(1)}@s.whatsapp.net`,
        fromMe: false,
        phone,
        pushName: 'Lead',
        type: 'TEXT',
        body: PITCH,
        sentAt: now,
      }));
      await ok(tenant.connector({ query: INGEST, variables: { input: { sessionId: 'agent', messages } } }));
    }

    // Every lead is in before the workers start, so all 1,000 are qualified concurrently.
    const log = createLogger('workers', 'silent');
    const request = createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET);
    for (let i = 0; i < 4; i++) {
      workers.push(
        startQualificationWorker({
          redisUrl,
          routerUrl: platform.routerInternalUrl,
          signingSecret: platform.env.ROUTER_SIGNING_SECRET,
          log,
          concurrency: 8,
          handle: createQualificationHandler({ request, agent: createAgent({ providers: [] }), log, burstMs: 0 }),
        }),
      );
    }

    const held = async () =>
      (
        await db.query(`SELECT "userId", count(*)::int AS n FROM assignment."LeadAssignment" WHERE "workspaceId" = $1 GROUP BY "userId"`, [tenant.workspaceId])
      ).rows as Array<{ userId: string; n: number }>;
    await vi.waitFor(
      async () => {
        const total = (await held()).reduce((sum, r) => sum + r.n, 0);
        if (total < LEADS) throw new Error(`${total} of ${LEADS} assigned`);
      },
      { timeout: 240_000, interval: 500 },
    );

    const counts = new Map((await held()).map((r) => [r.userId, r.n]));
    expect(counts.get(away.id)).toBeUndefined();
    expect(team.map((c) => counts.get(c.id)).sort()).toEqual([333, 333, 334]);
    // No lead assigned twice, none lost: one open assignment per lead, every lead qualified once.
    const assignments = await db.query(`SELECT "leadId", count(*)::int AS n FROM assignment."Assignment" WHERE "workspaceId" = $1 GROUP BY "leadId"`, [tenant.workspaceId]);
    expect(assignments.rows).toHaveLength(LEADS);
    expect(assignments.rows.every((r) => r.n === 1)).toBe(true);
    const qualified = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT protocol)::int AS protocols FROM conversations."Conversation" WHERE "workspaceId" = $1 AND "qualificationState" = 'QUALIFIED'`,
      [tenant.workspaceId],
    );
    expect(qualified.rows[0]).toEqual({ n: LEADS, protocols: LEADS });
    // Each lead was answered by exactly one turn.
    const turns = await db.query(
      `SELECT count(*)::int AS n FROM conversations."ConversationEvent" WHERE "workspaceId" = $1 AND type = 'AGENT_TURN'`,
      [tenant.workspaceId],
    );
    expect(turns.rows[0].n).toBe(LEADS);
  }, 300_000);
});
