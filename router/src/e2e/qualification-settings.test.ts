import { randomBytes } from 'node:crypto';
import { createLogger, createServiceClient, type QualificationJob } from '@leadwire/platform';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgent } from '../../../workers/src/agent/agent.ts';
import { createAgentSettingsCache } from '../../../workers/src/qualification/agent-settings-cache.ts';
import { createQualificationHandler } from '../../../workers/src/qualification/qualification-handler.ts';
import { ok } from '../test/client.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { startPlatform, type Platform } from '../test/platform.ts';
import { QUALIFYING_CONVERSATION } from '../test/qualifying-conversation.ts';

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted } }`;
const waId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

const UPDATE_SETTINGS = `mutation($input: AgentSettingsInput!) { updateAgentSettings(input: $input) { version } }`;
const READ_SETTINGS = `query { agentSettings { version productRules { REAL_ESTATE { annualRate minIncome } } } }`;

const leadOutcome = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node {
    financingSimulation
    conversation { qualificationState events { type data } }
  } } } }`,
  variables: { s: phone.slice(-8) },
});

// Qualifies under the default REAL_ESTATE rules: 15 mil income, 280 mil financed.
const SCRIPT = QUALIFYING_CONVERSATION;

/**
 * Product rules are the workspace's data: the qualification worker, as the
 * workers process builds it, asks the router for each job's workspace
 * settings, so the same conversation has another outcome in a workspace with
 * other rules, and an edit reaches the agent once its cached copy expires.
 */
describe('the qualification worker uses the workspace’s agent settings', () => {
  let platform: Platform;
  let defaults: ConnectorTenant;
  let custom: ConnectorTenant;
  let clock = 0;
  let handle: (job: QualificationJob) => Promise<void>;

  beforeAll(async () => {
    platform = await startPlatform({ ownDatabase: 'agentset_e2e' });
    [defaults, custom] = [await createConnectorTenant(platform), await createConnectorTenant(platform)];
    const request = createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET);
    const log = createLogger('workers', 'silent');
    handle = createQualificationHandler({
      request,
      agent: createAgent({ providers: [] }),
      log,
      burstMs: 0,
      suggestions: false,
      settings: createAgentSettingsCache({ request, log, ttlMs: 30_000, now: () => clock }),
    });
  }, 120_000);
  afterAll(() => platform?.close());

  /** The lead writes each text in turn, and each message's job runs as the worker would run it. */
  async function converse(tenant: ConnectorTenant, phone: string) {
    const client = new pg.Client({ connectionString: platform.env.DATABASE_URL });
    await client.connect();
    try {
      for (const body of SCRIPT) {
        const message = { waMessageId: waId(), remoteJid: `${phone.slice(1)}@s.whatsapp.net`, fromMe: false, phone, pushName: 'Lead', type: 'TEXT', body, sentAt: new Date().toISOString() };
        await ok(tenant.connector({ query: INGEST, variables: { input: { sessionId: 'agent', messages: [message] } } }));
        const { rows } = await client.query(
          `SELECT payload FROM messaging."QueuedJob" j JOIN messaging."Message" m ON m.id = j.id WHERE m."waMessageId" = $1`,
          [message.waMessageId],
        );
        await handle(rows[0].payload as QualificationJob);
      }
    } finally {
      await client.end();
    }
    return (await ok(tenant.admin(leadOutcome(phone)))).leads.edges[0].node;
  }

  test('the same conversation: default rules, the workspace’s own rate, then its higher minimum income', async () => {
    const byDefault = await converse(defaults, '+5511987650601');
    expect(byDefault.conversation.qualificationState).toBe('QUALIFIED');
    expect(byDefault.financingSimulation).toMatchObject({ product: 'REAL_ESTATE', annualRate: 0.115, financed: 280_000, termMonths: 360 });

    await ok(custom.admin({ query: UPDATE_SETTINGS, variables: { input: { productRules: { REAL_ESTATE: { annualRate: 0.099, termMonths: 240 } } } } }));
    // The worker reads them with the workspace's service key, as the connector's key can through the public endpoint.
    expect((await ok(custom.connector({ query: READ_SETTINGS }))).agentSettings).toMatchObject({ version: 1, productRules: { REAL_ESTATE: { annualRate: 0.099 } } });
    const atOwnRate = await converse(custom, '+5511987650602');
    expect(atOwnRate.conversation.qualificationState).toBe('QUALIFIED');
    expect(atOwnRate.financingSimulation).toMatchObject({ product: 'REAL_ESTATE', annualRate: 0.099, financed: 280_000, termMonths: 240 });
    expect(atOwnRate.financingSimulation.priceInstallment).not.toBe(byDefault.financingSimulation.priceInstallment);

    // An edit is not asked for on every message: within the 30 s the worker keeps the settings it has…
    await ok(custom.admin({ query: UPDATE_SETTINGS, variables: { input: { productRules: { REAL_ESTATE: { minIncome: 20_000 } } } } }));
    const cached = await converse(custom, '+5511987650603');
    expect(cached.conversation.qualificationState).toBe('QUALIFIED');

    // …and applies it once they expire.
    clock += 30_000;
    const refused = await converse(custom, '+5511987650604');
    expect(refused.conversation.qualificationState).toBe('DISQUALIFIED');
    expect(refused.financingSimulation).toBeNull();
    expect(refused.conversation.events).toContainEqual(expect.objectContaining({ type: 'DISQUALIFIED', data: { reason: 'INCOME_BELOW_MINIMUM' } }));

    // The other workspace still has the defaults.
    expect((await converse(defaults, '+5511987650605')).conversation.qualificationState).toBe('QUALIFIED');
  });
});
