import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { conversation, handOff, leadAgentFields, recordAgentTurn, reopenConversation } from '../test/operations.ts';

const decision = { provider: 'rules', latencyMs: 3, confidence: 0.9, intents: ['GIVES_INFO'], sentiment: 'NEUTRAL' };
const turn = (expectedTurn: number, cursor: string, extra: Record<string, unknown> = {}) => ({
  expectedTurn,
  cursor,
  state: { expecting: 'name', lang: 'pt' },
  outcome: 'IN_PROGRESS',
  decision,
  ...extra,
});

describe('recordAgentTurn', () => {
  test('commits answers, state and the decision trail, turn by turn', async ({ workspace }) => {
    const open = await workspace.open();
    const first = await workspace.call(recordAgentTurn(open.id, turn(0, '10', { answers: { fullName: 'Ana Souza', state: 'sp', timeframeMonths: 1 } })), workspace.service);
    expect(first.errors).toBeUndefined();
    const c = first.data.recordAgentTurn.conversation;
    expect(first.data.recordAgentTurn.applied).toBe(true);
    expect(c).toMatchObject({ agentTurn: 1, agentCursor: '10', qualificationState: 'IN_PROGRESS', agentState: { expecting: 'name' } });
    expect(c.qualification).toMatchObject({ fullName: 'Ana Souza', state: 'SP', timeframeMonths: 1 });
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'QUALIFICATION_UPDATED', 'AGENT_TURN']);
    expect(c.events[2].data).toMatchObject({ turn: 1, provider: 'rules', latencyMs: 3, outcome: 'IN_PROGRESS', guardrails: [] });

    // A second worker that read the same turn loses, and writes nothing.
    const stale = await workspace.call(recordAgentTurn(open.id, turn(0, '11', { answers: { city: 'Campinas' } })), workspace.service);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    const after = await workspace.call(conversation(open.id));
    expect(after.data.conversation.qualification.city).toBeNull();
  });

  test('QUALIFIED keeps its first protocol number and stores the simulation on the lead', async ({ workspace }) => {
    const leadId = randomUUID();
    const open = await workspace.open(leadId);
    const protocol = `LW-${randomUUID().slice(0, 4).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`;
    const financing = { financed: 360000, price: { installment: 3500.12 }, sac: { first: 4280.5 } };
    const q = await workspace.call(recordAgentTurn(open.id, turn(0, '5', { outcome: 'QUALIFIED', score: 80, protocol, financing })), workspace.service);
    expect(q.data.recordAgentTurn.conversation).toMatchObject({ qualificationState: 'QUALIFIED', qualificationScore: 80, protocol, financing });
    const again = await workspace.call(recordAgentTurn(open.id, turn(1, '6', { outcome: 'QUALIFIED', score: 81, protocol: 'LW-OTHER-1234' })), workspace.service);
    expect(again.data.recordAgentTurn.conversation.protocol).toBe(protocol);
    const lead = await workspace.call(leadAgentFields([leadId]));
    expect(lead.data._entities[0]).toMatchObject({ protocol, financingSimulation: financing, optedOut: false });

    // Protocol numbers are unique across conversations.
    const other = await workspace.open();
    const clash = await workspace.call(recordAgentTurn(other.id, turn(0, '7', { outcome: 'QUALIFIED', protocol })), workspace.service);
    expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.protocol' });
  });

  test('OPT_OUT marks every thread of the lead, and later turns apply nothing', async ({ workspace }) => {
    const leadId = randomUUID();
    const agent = await workspace.open(leadId, 'agent');
    const team = await workspace.open(leadId, 'team');
    const out = await workspace.call(recordAgentTurn(agent.id, turn(0, '3', { outcome: 'OPT_OUT' })), workspace.service);
    expect(out.data.recordAgentTurn.conversation.agentMaySpeak).toBe(false);
    const teamAfter = await workspace.call(conversation(team.id));
    expect(teamAfter.data.conversation.optedOutAt).not.toBeNull();
    const later = await workspace.call(recordAgentTurn(agent.id, turn(1, '4', { answers: { city: 'Recife' }, outcome: 'QUALIFIED', protocol: 'LW-AAAA-BBBB' })), workspace.service);
    expect(later.data.recordAgentTurn).toMatchObject({ applied: false, conversation: { agentTurn: 2, agentCursor: '4', protocol: null, qualificationState: 'NOT_STARTED' } });
    expect(later.data.recordAgentTurn.conversation.qualification.city).toBeNull();
    const lead = await workspace.call(leadAgentFields([leadId]));
    expect(lead.data._entities[0].optedOut).toBe(true);
  });

  test('NEEDS_HUMAN hands off; the agent stays silent until the thread is handed back', async ({ workspace }) => {
    const open = await workspace.open();
    const human = await workspace.call(recordAgentTurn(open.id, turn(0, '1', { outcome: 'NEEDS_HUMAN', reason: 'asked for a person' })), workspace.service);
    expect(human.data.recordAgentTurn.conversation).toMatchObject({ status: 'HANDED_OFF', handoffReason: 'asked for a person', agentMaySpeak: false });
    const silent = await workspace.call(recordAgentTurn(open.id, turn(1, '2', { answers: { city: 'Natal' } })), workspace.service);
    expect(silent.data.recordAgentTurn.applied).toBe(false);
    await workspace.call(reopenConversation(open.id));
    const back = await workspace.call(recordAgentTurn(open.id, turn(2, '3', { answers: { city: 'Natal' } })), workspace.service);
    expect(back.data.recordAgentTurn).toMatchObject({ applied: true, conversation: { status: 'OPEN', qualification: { city: 'Natal' } } });
  });

  test('a reply refused by a guardrail: the hand-off and the trail name it', async ({ workspace }) => {
    const open = await workspace.open();
    const refused = { ...decision, guardrails: ['PROMISES_APPROVAL'] };
    const res = await workspace.call(recordAgentTurn(open.id, turn(0, '1', { outcome: 'NEEDS_HUMAN', reason: 'GUARDRAIL', decision: refused })), workspace.service);
    expect(res.errors).toBeUndefined();
    const c = res.data.recordAgentTurn.conversation;
    expect(c).toMatchObject({ status: 'HANDED_OFF', handoffReason: 'GUARDRAIL' });
    expect(c.events.find((e: { type: string }) => e.type === 'AGENT_TURN').data).toMatchObject({ outcome: 'NEEDS_HUMAN', guardrails: ['PROMISES_APPROVAL'] });
  });

  test('a lead who opts out on a thread a person has is still recorded as opted out, on every thread', async ({ workspace }) => {
    const leadId = randomUUID();
    const agent = await workspace.open(leadId, 'agent');
    const team = await workspace.open(leadId, 'team');
    await workspace.call(handOff(agent.id, 'consultant took over'));
    const res = await workspace.call(recordAgentTurn(agent.id, turn(0, '4', { outcome: 'OPT_OUT' })), workspace.service);
    expect(res.data.recordAgentTurn).toMatchObject({ applied: false, conversation: { status: 'HANDED_OFF' } });
    expect(res.data.recordAgentTurn.conversation.optedOutAt).not.toBeNull();
    expect((await workspace.call(conversation(team.id))).data.conversation.optedOutAt).not.toBeNull();
    expect(res.data.recordAgentTurn.conversation.events.map((e: { type: string }) => e.type)).toContain('OPTED_OUT');
  });

  test('a consultant taking over between read and write wins: the turn is not applied', async ({ workspace }) => {
    const open = await workspace.open();
    await workspace.call(handOff(open.id, 'consultant took over'));
    const res = await workspace.call(recordAgentTurn(open.id, turn(0, '9', { outcome: 'QUALIFIED', protocol: 'LW-CCCC-DDDD' })), workspace.service);
    expect(res.data.recordAgentTurn).toMatchObject({ applied: false, conversation: { qualificationState: 'NOT_STARTED', protocol: null } });
  });

  test.for([
    [{ cursor: 'abc' }, 'input.cursor'],
    [{ answers: { state: 'XX' } }, 'input.answers.state'],
    [{ answers: { cpf: '111.111.111-11' } }, 'input.answers.cpf'],
    [{ score: 101, outcome: 'QUALIFIED' }, 'input.score'],
    [{ protocol: 'lw 1' }, 'input.protocol'],
    [{ state: { blob: 'x'.repeat(40_000) } }, 'input.state'],
    [{ decision: { ...decision, confidence: 2 } }, 'input.decision.confidence'],
    [{ decision: { ...decision, guardrails: ['promises approval'] } }, 'input.decision.guardrails.0'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and writes nothing', async ([extra, field], { workspace }) => {
    const open = await workspace.open();
    const res = await workspace.call(recordAgentTurn(open.id, turn(0, '1', extra)), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = await workspace.call(conversation(open.id));
    expect(after.data.conversation.events.map((e: { type: string }) => e.type)).toEqual(['OPENED']);
  });

  test('people and unknown or foreign threads are refused', async ({ workspace }) => {
    const open = await workspace.open();
    const byManager = await workspace.call(recordAgentTurn(open.id, turn(0, '1')));
    expect(byManager.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const unknown = await workspace.call(recordAgentTurn(randomUUID(), turn(0, '1')), workspace.service);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const foreign = await workspace.call(recordAgentTurn(open.id, turn(0, '1')), { kind: 'service', workspaceId: randomUUID(), keyId: 'ai-agent' });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
