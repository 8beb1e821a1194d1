import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createServiceClient } from '@leadwire/platform';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { readConnectorConfig, startConnector } from '../../../connector/src/index.ts';
import { createAgent, type Agent } from '../../../workers/src/agent/agent.ts';
import { configuredProviders } from '../../../workers/src/agent/providers/index.ts';
import type { BreakerState } from '../../../workers/src/agent/resilience/circuit-breaker.ts';
import type { GuardedProvider } from '../../../workers/src/agent/resilience/resilient-provider.ts';
import { createQualificationHandler } from '../../../workers/src/qualification/qualification-handler.ts';
import { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '../../../workers/src/testing/openai-compatible-server.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { TENANT_PASSWORD } from '../test/fixtures.ts';
import { createUser } from '../test/operations.ts';
import { freePort, startPlatform, type Platform } from '../test/platform.ts';
import { QUALIFYING_CONVERSATION } from '../test/qualifying-conversation.ts';

// A Redis database of this file's own: its queues are its own.
const redisUrl = 'redis://127.0.0.1:6379/14';
// And a PostgreSQL database of its own: every platform's job relay hands over
// the unrelayed jobs of the whole database, so another test's platform running
// at the same time would take this file's qualification and outbound jobs to
// its own Redis (and answer them with its own agent).

interface SimMessage {
  text: string;
  direction: 'IN' | 'OUT';
}

interface AgentTurn {
  turn: number;
  provider: string;
  fellBack: string | null;
  latencyMs: number;
}

const leadByPhone = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node {
    id protocol assignee { id }
    conversation { qualificationState qualification { fullName cpf monthlyIncome city state } events { type data } }
  } } } }`,
  variables: { s: phone.slice(-8) },
});

const SCRIPT = QUALIFYING_CONVERSATION;

/**
 * The agent on a real OpenAI-compatible endpoint, configured as the workers'
 * main.ts configures it (`configuredProviders` from the environment), with
 * the whole platform and the WhatsApp simulator: an LLM that is slow or down
 * costs a lead at most the deadline, never the answer.
 */
describe('AI qualification with an LLM that is slow, down, or answering', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let worker: ReturnType<typeof startQualificationWorker>;
  let llm: OpenAiCompatibleServer;
  let consultantId: string;
  // Each test configures its own providers (so its own breaker); the worker asks whichever is current.
  let agent: Agent = createAgent({ providers: [] });

  beforeAll(async () => {
    await flushRedisDatabase(redisUrl);
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-llm-'));
    llm = await startOpenAiCompatibleServer();
    platform = await startPlatform({ ownDatabase: 'llm', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 50 }, mediaDir: join(spool, 'media') });
    tenant = await createConnectorTenant(platform);
    const created = await ok(
      tenant.admin(createUser({ name: 'Carla Consultora', email: `carla-${tenant.workspaceId.slice(0, 8)}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT' })),
    );
    consultantId = created.createUser.id;
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
    const log = createLogger('workers', 'silent');
    worker = startQualificationWorker({
      redisUrl,
      routerUrl: platform.routerInternalUrl,
      signingSecret: platform.env.ROUTER_SIGNING_SECRET,
      log,
      handle: createQualificationHandler({
        request: createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET),
        agent: { step: (state, text, options) => agent.step(state, text, options) },
        log,
        // No burst window: what bounds a reply here is the LLM's deadline alone.
        burstMs: 0,
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await connector?.close();
    await platform?.close();
    await llm?.close();
  });

  /** The agent as workers/src/main.ts builds it from these settings; returns its guarded openai provider. */
  function useOpenAi(env: Record<string, string>): GuardedProvider {
    const providers = configuredProviders({ OPENAI_BASE_URL: llm.url, ...env });
    expect(providers.map((p) => p.name)).toEqual(['openai', 'rules']);
    agent = createAgent({ providers });
    return providers[0] as GuardedProvider;
  }

  const simulator = () => `${connector.simulatorServer!.url}/simulator/messages`;
  const agentSaid = async (phone: string) => {
    const res = await fetch(`${simulator()}?phone=${encodeURIComponent(phone)}`);
    return ((await res.json()) as { messages: SimMessage[] }).messages.filter((m) => m.direction === 'OUT').map((m) => m.text);
  };

  /** The lead says `text` and waits for the agent's answer on the phone; returns it and how long it took. */
  async function say(phone: string, text: string) {
    const before = (await agentSaid(phone)).length;
    const started = performance.now();
    const res = await fetch(simulator(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, name: 'Lead', text }),
    });
    expect(res.status).toBeLessThan(300);
    const replies = await vi.waitFor(
      async () => {
        const said = await agentSaid(phone);
        if (said.length <= before) throw new Error(`no reply yet to "${text}"`);
        return said.slice(before);
      },
      { timeout: 15_000, interval: 20 },
    );
    return { replies, ms: performance.now() - started };
  }

  const findLead = async (phone: string) => (await ok(tenant.admin(leadByPhone(phone)))).leads.edges[0]?.node;
  const agentTurns = async (phone: string): Promise<AgentTurn[]> =>
    (await findLead(phone)).conversation.events.filter((e: { type: string }) => e.type === 'AGENT_TURN').map((e: { data: AgentTurn }) => e.data);

  test("a normal answer is the agent's reading: the turn says openai, and the fields only the model read land in the qualification", async () => {
    const phone = '+5511987650501';
    useOpenAi({ OPENAI_DEADLINE_MS: '5000' });
    // "Lima" and the income are nowhere in what the lead writes: only the model's reading can record them.
    llm.respondWith({
      kind: 'answer',
      reply: (req) =>
        req.userText.startsWith('Oi')
          ? { intents: ['GREETS', 'GIVES_INFO'], fields: { product: 'REAL_ESTATE' } }
          : { intents: ['GIVES_INFO'], fields: { name: 'Beatriz Lima', city: 'São Paulo', state: 'SP', income: 12_000 } },
    });
    const before = llm.completions().length;
    await say(phone, 'Oi! Quero financiar um apartamento');
    await say(phone, 'sou a Beatriz, moro na capital paulista e ganho bem');

    const calls = llm.completions().slice(before);
    expect(calls.map((c) => c.userText)).toEqual(['Oi! Quero financiar um apartamento', 'sou a Beatriz, moro na capital paulista e ganho bem']);
    expect(await Promise.all(calls.map((c) => c.ended))).toEqual(['answered', 'answered']);
    const turns = await agentTurns(phone);
    expect(turns.map((t) => [t.provider, t.fellBack])).toEqual([
      ['openai', null],
      ['openai', null],
    ]);
    const lead = await findLead(phone);
    expect(lead.conversation.qualificationState).toBe('IN_PROGRESS');
    expect(lead.conversation.qualification).toMatchObject({ fullName: 'Beatriz Lima', city: 'São Paulo', state: 'SP', monthlyIncome: 12_000 });
  });

  test('an LLM slower than the deadline: its call is aborted, the rules answer, and the lead hears back within the deadline', async () => {
    const phone = '+5511987650502';
    const deadlineMs = 500;
    const openai = useOpenAi({ OPENAI_DEADLINE_MS: String(deadlineMs) });
    llm.respondWith({ kind: 'answer', delayMs: 5_000 });
    const before = llm.completions().length;

    const first = await say(phone, SCRIPT[0]!);
    const second = await say(phone, SCRIPT[1]!);
    // The rules' answers: asked for the name, then for the city.
    expect(first.replies.join('\n')).toMatch(/nome/i);
    expect(second.replies.join('\n')).toMatch(/cidade/i);
    // Generous: scheduling on a busy machine; the model alone would have taken 5 s. bench:agent has the real figures.
    for (const { ms } of [first, second]) expect(ms).toBeLessThan(deadlineMs + 2_000);

    const calls = llm.completions().slice(before);
    expect(calls.map((c) => c.userText)).toEqual([SCRIPT[0], SCRIPT[1]]);
    expect(await Promise.all(calls.map((c) => c.ended))).toEqual(['aborted', 'aborted']);
    const turns = await agentTurns(phone);
    expect(turns).toHaveLength(2);
    for (const turn of turns) {
      expect(turn).toMatchObject({ provider: 'rules', fellBack: 'openai' });
      // The turn waited out the deadline, and not much more.
      expect(turn.latencyMs).toBeGreaterThanOrEqual(deadlineMs - 2);
      expect(turn.latencyMs).toBeLessThan(deadlineMs + 2_000);
    }
    // Two misses of five: the circuit is still closed.
    expect(openai.breaker.state).toBe('closed');
    expect((await findLead(phone)).conversation.qualification).toMatchObject({ fullName: 'Ana Paula Souza' });
  });

  test('an LLM answering 500: after 3 failures the circuit opens, no call reaches it, and the lead is still qualified and assigned', async () => {
    const phone = '+5511987650503';
    const openai = useOpenAi({ OPENAI_BREAKER_FAILURES: '3', OPENAI_BREAKER_COOLDOWN_MS: '600000' });
    const changes: BreakerState[] = [];
    openai.breaker.onStateChange((state) => changes.push(state));
    llm.respondWith({ kind: 'status', status: 500 });
    const before = llm.completions().length;

    for (const text of SCRIPT) await say(phone, text);

    const calls = llm.completions().slice(before);
    expect(calls.map((c) => c.userText)).toEqual(SCRIPT.slice(0, 3));
    expect(changes).toEqual(['open']);
    const turns = await agentTurns(phone);
    expect(turns).toHaveLength(SCRIPT.length);
    for (const turn of turns) expect(turn).toMatchObject({ provider: 'rules', fellBack: 'openai' });
    const lead = await vi.waitFor(
      async () => {
        const found = await findLead(phone);
        expect(found.assignee?.id).toBe(consultantId);
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(lead.conversation.qualificationState).toBe('QUALIFIED');
    expect(lead.protocol).toMatch(/^LW-/);
    expect(lead.conversation.qualification).toMatchObject({ fullName: 'Ana Paula Souza', cpf: '39053344705', monthlyIncome: 15000, city: 'Campinas', state: 'SP' });
  });

  test('an LLM that refuses connections: the circuit opens after 2 failures and every message is still answered', async () => {
    const phone = '+5511987650504';
    const nothingListens = await freePort();
    const openai = useOpenAi({ OPENAI_BASE_URL: `http://127.0.0.1:${nothingListens}/v1`, OPENAI_BREAKER_FAILURES: '2', OPENAI_BREAKER_COOLDOWN_MS: '600000' });
    const changes: BreakerState[] = [];
    openai.breaker.onStateChange((state) => changes.push(state));

    for (const text of SCRIPT.slice(0, 4)) {
      const { replies } = await say(phone, text);
      expect(replies.length).toBeGreaterThan(0);
    }
    expect(changes).toEqual(['open']);
    const turns = await agentTurns(phone);
    expect(turns.map((t) => [t.provider, t.fellBack])).toEqual(Array.from({ length: 4 }, () => ['rules', 'openai']));
    expect((await findLead(phone)).conversation.qualification).toMatchObject({ fullName: 'Ana Paula Souza', city: 'Campinas', state: 'SP', monthlyIncome: 15000 });
  });
});
