import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGENT_CONFIG } from '@leadwire/agent-config';
import { createLogger, createServiceClient } from '@leadwire/platform';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { readConnectorConfig, startConnector } from '../../../connector/src/index.ts';
import { createAgent } from '../../../workers/src/agent/agent.ts';
import { faqAnswer } from '../../../workers/src/agent/policy/replies.ts';
import { createQualificationHandler } from '../../../workers/src/qualification/qualification-handler.ts';
import { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { bearer, ok, routerCaller, type Caller } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { TENANT_PASSWORD } from '../test/fixtures.ts';
import { createUser, login } from '../test/operations.ts';
import { startPlatform, type Platform } from '../test/platform.ts';

// A Redis database of this file's own: its queues are its own.
const redisUrl = 'redis://127.0.0.1:6379/12';
// Generous: on a busy machine one agent turn can take seconds.
const WAIT_MS = 30_000;

const leadByPhone = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node { id assignee { id } conversation { id status } } } } }`,
  variables: { s: phone.slice(-8) },
});

const SUGGESTION = 'id kind status body action followUpAt rationale provider editedBody sourceMessage { id body } sentMessage { body author }';
const pending = (leadId: string) => ({
  query: `query($l: ID!) { suggestions(leadId: $l, status: PENDING) { ${SUGGESTION} } }`,
  variables: { l: leadId },
});
const approve = (id: string) => ({ query: `mutation($id: ID!) { approveSuggestion(id: $id) { ${SUGGESTION} } }`, variables: { id } });
const edit = (id: string, body: string) => ({
  query: `mutation($id: ID!, $b: String!) { editSuggestion(id: $id, body: $b) { ${SUGGESTION} } }`,
  variables: { id, b: body },
});
const stats = {
  query: `{ suggestionStats { total approved modified rejected decided acceptanceRate byKind { kind approved modified decided acceptanceRate } } }`,
};

/**
 * The Agentic CRM loop with nothing stubbed: a lead handed off to a person
 * keeps writing on the simulator, the qualification worker (its agent silent
 * now) drafts for the consultant, and what the consultant approves or edits
 * reaches the lead's phone from the TEAM number.
 */
describe('suggestions for the consultant of a handed-off lead', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let worker: ReturnType<typeof startQualificationWorker>;
  let consultant: Caller;
  let consultantId: string;
  let handle: ReturnType<typeof createQualificationHandler>;

  beforeAll(async () => {
    await flushRedisDatabase(redisUrl);
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-suggestions-'));
    platform = await startPlatform({ ownDatabase: 'suggestions', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 50 }, mediaDir: join(spool, 'media') });
    tenant = await createConnectorTenant(platform);
    const email = `sofia-${tenant.workspaceId.slice(0, 8)}@test.dev`;
    consultantId = (await ok(tenant.admin(createUser({ name: 'Sofia Consultora', email, password: TENANT_PASSWORD, role: 'CONSULTANT' })))).createUser.id;
    consultant = routerCaller(platform.routerUrl, bearer((await ok(routerCaller(platform.routerUrl)(login(email, TENANT_PASSWORD)))).login.token));
    connector = await startConnector({
      log: createLogger('connector', 'silent'),
      config: readConnectorConfig({
        NODE_ENV: 'test',
        REDIS_URL: redisUrl,
        PORT: '0',
        SIMULATOR: '1',
        SIMULATOR_PORT: '0',
        SIMULATOR_RECEIPT_DELAYS_MS: '20,40,60',
        OUTBOUND_SEND_INTERVAL_MS: '10',
        OUTBOUND_TYPING_MS: '0',
        LEADWIRE_API_URL: platform.routerUrl,
        LEADWIRE_SERVICE_KEY: tenant.serviceKey,
        CONNECTOR_SPOOL_DIR: spool,
        MEDIA_DIR: join(spool, 'media'),
      }),
    });
    const log = createLogger('workers', process.env.DBG_SUGGESTIONS ? 'info' : 'silent');
    worker = startQualificationWorker({
      redisUrl,
      routerUrl: platform.routerInternalUrl,
      signingSecret: platform.env.ROUTER_SIGNING_SECRET,
      log,
      handle: (handle = createQualificationHandler({
        request: createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET),
        agent: createAgent({ providers: [] }),
        log,
        burstMs: 150,
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await connector?.close();
    await platform?.close();
  });

  const simulator = () => `${connector.simulatorServer!.url}/simulator/messages`;
  const phoneSaw = async (phone: string) => {
    const res = await fetch(`${simulator()}?phone=${encodeURIComponent(phone)}`);
    return ((await res.json()) as { messages: Array<{ text: string; direction: 'IN' | 'OUT'; session: string }> }).messages.filter((m) => m.direction === 'OUT');
  };
  const say = async (phone: string, text: string) => {
    const res = await fetch(simulator(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: phone, name: 'Lead', text }) });
    expect(res.status).toBeLessThan(300);
  };
  /** The consultant's PENDING reply draft for the lead message `text`, once the worker has drafted it. */
  const draftFor = (leadId: string, text: string) =>
    vi.waitFor(
      async () => {
        const drafts = (await ok(consultant(pending(leadId)))).suggestions as any[];
        const reply = drafts.find((s) => s.kind === 'REPLY' && s.sourceMessage?.body === text);
        expect(reply).toBeDefined();
        return { reply, all: drafts };
      },
      { timeout: WAIT_MS, interval: 100 },
    );

  test('a question after the hand-off gets a PENDING draft; approved it reaches the phone as drafted, edited it arrives edited, and the acceptance rate counts both', async () => {
    // A number of its own: other suites chat from +55119876505xx numbers.
    const phone = `+551198${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await say(phone, 'Olá, quero financiar um carro');
    await vi.waitFor(async () => expect((await phoneSaw(phone)).length).toBeGreaterThan(0), { timeout: WAIT_MS, interval: 50 });
    await say(phone, 'quero falar com um atendente humano');
    const lead = await vi.waitFor(
      async () => {
        const found = (await ok(tenant.admin(leadByPhone(phone)))).leads.edges[0]?.node;
        expect(found).toMatchObject({ conversation: { status: 'HANDED_OFF' }, assignee: { id: consultantId } });
        return found;
      },
      { timeout: WAIT_MS, interval: 50 },
    );

    // The agent introduces the consultant, and then says nothing more.
    await vi.waitFor(async () => expect((await phoneSaw(phone)).map((m) => m.text).join('\n')).toContain('Sofia Consultora'), { timeout: WAIT_MS, interval: 50 });
    const agentSaid = (await phoneSaw(phone)).length;
    await say(phone, 'qual a taxa de juros?');
    const first = await draftFor(lead.id, 'qual a taxa de juros?');
    // From the knowledge base, never invented, and the agent itself stayed quiet.
    expect(first.reply).toMatchObject({ status: 'PENDING', provider: 'rules', body: expect.stringContaining(faqAnswer('interest-rate', DEFAULT_AGENT_CONFIG, 'pt')!) });
    expect(first.all.map((s) => s.kind).sort()).toEqual(['FOLLOW_UP', 'NEXT_ACTION', 'REPLY']);
    expect(first.all.find((s) => s.kind === 'NEXT_ACTION').action).toBe('ASK_MISSING_INFO');
    expect((await phoneSaw(phone)).length).toBe(agentSaid);
    // A retried job (a worker that died after drafting) drafts nothing new.
    const all = { query: `query($l: ID!) { suggestions(leadId: $l) { id status } }`, variables: { l: lead.id } };
    const before = (await ok(consultant(all))).suggestions;
    await handle({ messageId: first.reply.sourceMessage.id, workspaceId: tenant.workspaceId, leadId: lead.id, conversationId: lead.conversation.id, correlationId: 'retry' });
    expect((await ok(consultant(all))).suggestions).toEqual(before);

    const approved = await ok(consultant(approve(first.reply.id)));
    expect(approved.approveSuggestion).toMatchObject({ status: 'APPROVED', sentMessage: { body: first.reply.body, author: 'CONSULTANT' } });
    await vi.waitFor(async () => expect((await phoneSaw(phone)).map((m) => m.text)).toContain(first.reply.body), { timeout: WAIT_MS, interval: 50 });
    const again = await consultant(approve(first.reply.id));
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    await say(phone, 'posso usar o FGTS?');
    const second = await draftFor(lead.id, 'posso usar o FGTS?');
    // The consultant has spoken: the draft answers without introducing them again.
    expect(second.reply.body).toContain(faqAnswer('fgts', DEFAULT_AGENT_CONFIG, 'pt'));
    expect(second.reply.body).not.toContain('Aqui é da equipe');
    const mine = 'Pode sim, mas só para imóveis. Para o carro, te passo outras opções por telefone.';
    const edited = await ok(consultant(edit(second.reply.id, mine)));
    expect(edited.editSuggestion).toMatchObject({ status: 'MODIFIED', editedBody: mine, sentMessage: { body: mine } });
    await vi.waitFor(async () => expect((await phoneSaw(phone)).map((m) => m.text)).toContain(mine), { timeout: WAIT_MS, interval: 50 });
    const texts = (await phoneSaw(phone)).map((m) => m.text);
    expect(texts).not.toContain(second.reply.body);
    // Each reply went out once, from the TEAM number.
    expect(texts.filter((t) => t === first.reply.body || t === mine)).toHaveLength(2);
    expect((await phoneSaw(phone)).filter((m) => m.text === mine || m.text === first.reply.body).map((m) => m.session)).toEqual(['team', 'team']);

    const counted = (await ok(consultant(stats))).suggestionStats;
    expect(counted).toMatchObject({ approved: 1, modified: 1, rejected: 0, decided: 2, acceptanceRate: 1 });
    expect(counted.byKind.find((k: any) => k.kind === 'REPLY')).toMatchObject({ approved: 1, modified: 1, decided: 2, acceptanceRate: 1 });
  }, 180_000);
});
