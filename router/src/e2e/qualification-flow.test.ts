import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { startConnector } from '../../../connector/src/index.ts';
import type { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { startAgentWorker, startSimulatorConnector } from '../test/agent-platform.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { TENANT_PASSWORD } from '../test/fixtures.ts';
import { boardEventsSubscription, createUser } from '../test/operations.ts';
import { startPlatform, type Platform } from '../test/platform.ts';
import { subscriber } from '../test/ws-client.ts';

// A Redis database of this file's own: its queues are its own.
const redisUrl = 'redis://127.0.0.1:6379/13';

interface SimMessage {
  id: string;
  text: string;
  direction: 'IN' | 'OUT';
}

const leadByPhone = (phone: string) => ({
  query: `query($s: String!) { leads(search: $s) { edges { node {
    id name protocol optedOut financingSimulation stage { name } assignee { id name }
    conversation { status qualificationState qualification { fullName cpf monthlyIncome city state } }
  } } } }`,
  variables: { s: phone.slice(-8) },
});

/**
 * The product's core promise with nothing stubbed: a lead writes to the
 * simulator as on a phone, the connector ingests, the relay queues, the
 * qualification worker runs the agent (rules provider) and replies through
 * the outbound queue back to the simulator.
 */
describe('AI qualification through the WhatsApp simulator', () => {
  let platform: Platform;
  let tenant: ConnectorTenant;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let worker: ReturnType<typeof startQualificationWorker>;
  let consultant: { id: string; name: string };

  beforeAll(async () => {
    await flushRedisDatabase(redisUrl);
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-agent-'));
    platform = await startPlatform({ ownDatabase: 'agent', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 50 }, mediaDir: join(spool, 'media') });
    tenant = await createConnectorTenant(platform);
    const created = await ok(
      tenant.admin(createUser({ name: 'Carla Consultora', email: `carla-${tenant.workspaceId.slice(0, 8)}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT' })),
    );
    consultant = created.createUser;
    connector = await startSimulatorConnector(platform, tenant, { redisUrl, spool });
    // Shorter than production's 1.5 s, long enough for three messages posted back to back.
    worker = startAgentWorker(platform, { redisUrl, burstMs: 500 });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await connector?.close();
    await platform?.close();
  });

  const simulator = () => `${connector.simulatorServer!.url}/simulator/messages`;
  const thread = async (phone: string): Promise<SimMessage[]> => {
    const res = await fetch(`${simulator()}?phone=${encodeURIComponent(phone)}`);
    return ((await res.json()) as { messages: SimMessage[] }).messages;
  };
  const agentSaid = async (phone: string) => (await thread(phone)).filter((m) => m.direction === 'OUT').map((m) => m.text);

  /** The lead says `text` and waits until the agent has answered it (or `silence` ms passed, when none is expected). */
  async function say(phone: string, text: string, { expectReply = true, session = 'agent' } = {}) {
    const before = (await agentSaid(phone)).length;
    const res = await fetch(simulator(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, name: 'Lead', text, session }),
    });
    expect(res.status).toBeLessThan(300);
    if (!expectReply) return [];
    return vi.waitFor(
      async () => {
        const said = await agentSaid(phone);
        if (said.length <= before) throw new Error(`no reply yet to "${text}"`);
        return said.slice(before);
      },
      { timeout: 15_000, interval: 50 },
    );
  }

  const findLead = async (phone: string) => (await ok(tenant.admin(leadByPhone(phone)))).leads.edges[0]?.node;

  test('a lead chatting in Portuguese is qualified, told a protocol number and a simulation, assigned, and the board shows it', async () => {
    const phone = '+5511987650401';
    const board = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.adminToken}` }, boardEventsSubscription());
    try {
      const greeting = await say(phone, 'Oi, boa noite! Quero financiar um apartamento');
      expect(greeting.join(' ')).toMatch(/nome/i);
      await say(phone, 'Ana Paula Souza');
      await say(phone, 'Moro em Campinas - SP');
      await say(phone, 'ganho uns 15 mil por mês');
      await say(phone, 'o apê custa 400 mil');
      await say(phone, 'tenho 120 mil de entrada');
      await say(phone, '390.533.447-05');
      await say(phone, 'sou CLT');
      const decision = (await say(phone, 'quero comprar mês que vem')).join('\n');

      const lead = await vi.waitFor(
        async () => {
          const found = await findLead(phone);
          expect(found.assignee).not.toBeNull();
          return found;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(lead.conversation.qualificationState).toBe('QUALIFIED');
      expect(lead.protocol).toMatch(/^LW-/);
      expect(decision).toContain(lead.protocol);
      expect(lead.financingSimulation).toMatchObject({ product: 'REAL_ESTATE', financed: 280000, termMonths: 360 });
      expect(lead.conversation.qualification).toMatchObject({ fullName: 'Ana Paula Souza', cpf: '39053344705', monthlyIncome: 15000, city: 'Campinas', state: 'SP' });
      expect(lead).toMatchObject({ name: 'Ana Paula Souza', stage: { name: 'Qualificado' }, assignee: { id: consultant.id } });
      // The lead is introduced to the consultant on WhatsApp.
      await vi.waitFor(async () => expect((await agentSaid(phone)).join('\n')).toContain('Carla Consultora'), { timeout: 10_000, interval: 50 });
      // And the board's subscribers saw the lead reach the qualified stage with its consultant.
      await vi.waitFor(
        () => {
          const seen = board.results.map((r) => r.data?.boardEvents).filter((e) => e?.leadId === lead.id);
          expect(seen.some((e) => e.lead.stage.name === 'Qualificado' && e.lead.assignee?.id === consultant.id)).toBe(true);
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      await board.close();
    }
  });

  test('messages a lead sends in a quick burst are answered once', async () => {
    const phone = '+5511987650404';
    for (const text of ['Oi', 'quero financiar um carro', 'meu nome é João Pedro Alves']) await say(phone, text, { expectReply: false });
    await vi.waitFor(async () => expect((await agentSaid(phone)).length).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
    // Let any second turn show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const lead = await findLead(phone);
    const events = (await ok(tenant.admin({ query: 'query($id: ID!) { lead(id: $id) { conversation { events { type } qualification { fullName productInterest } } } }', variables: { id: lead.id } })))
      .lead.conversation;
    expect(events.events.filter((e: { type: string }) => e.type === 'AGENT_TURN')).toHaveLength(1);
    // And what reached the phone is that one turn's answer: it asks for what comes after the name, once.
    const said = await agentSaid(phone);
    expect(said.filter((t) => /cidade|city/i.test(t))).toHaveLength(1);
    // One turn read all three: the answer already knows the product and the name.
    expect(events.qualification).toMatchObject({ fullName: 'João Pedro Alves', productInterest: 'VEHICLE' });
  });

  test('a lead asking for a person is handed off at once, and the agent goes quiet', async () => {
    const phone = '+5511987650402';
    await say(phone, 'Olá, quero financiar um carro');
    const handoff = await say(phone, 'quero falar com um atendente humano');
    expect(handoff.length).toBeGreaterThan(0);
    const lead = await vi.waitFor(
      async () => {
        const found = await findLead(phone);
        expect(found.conversation.status).toBe('HANDED_OFF');
        // A person is found for the lead right after the hand-off.
        expect(found.assignee?.id).toBe(consultant.id);
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(lead.conversation.qualificationState).not.toBe('QUALIFIED');
    const before = (await agentSaid(phone)).length;
    await say(phone, 'alô?', { expectReply: false });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Only the consultant's introduction may follow the hand-off; the agent answers nothing more.
    expect((await agentSaid(phone)).slice(before).filter((t) => !t.includes('Carla Consultora'))).toEqual([]);
  });

  test('on the TEAM number the lead talks to consultants: the agent never answers there', async () => {
    const phone = '+5511987650405';
    await say(phone, 'Oi, quero financiar um apartamento');
    const lead = await findLead(phone);
    await ok(tenant.admin({ query: 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }', variables: { i: { leadId: lead.id, body: 'Olá! Sou a Carla, da equipe.' } } }));
    await vi.waitFor(async () => expect((await agentSaid(phone)).join('\n')).toContain('Sou a Carla'), { timeout: 10_000, interval: 50 });
    const before = (await agentSaid(phone)).length;
    await say(phone, 'oi Carla, quero saber da entrada', { expectReply: false, session: 'team' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await agentSaid(phone)).toHaveLength(before);
  });

  test('a lead who says "pare" receives nothing afterwards and is recorded as opted out', async () => {
    const phone = '+5511987650403';
    await say(phone, 'oi, queria ver um financiamento de moto');
    await say(phone, 'pare');
    const after = (await agentSaid(phone)).length;
    await say(phone, 'oi? ainda tá aí?', { expectReply: false });
    await say(phone, 'quero financiar 50 mil', { expectReply: false });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await agentSaid(phone)).length).toBe(after);
    const lead = await findLead(phone);
    expect(lead.optedOut).toBe(true);
  });
});
