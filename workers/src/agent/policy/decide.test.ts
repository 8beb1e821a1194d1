import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENT_CONFIG, resolveAgentConfig, type AgentConfig } from '@leadwire/agent-config';
import { readMessage } from '../providers/rules-provider.ts';
import type { AgentState, FieldName, Intent, LeadFields, Understanding } from '../types.ts';
import { decide, type DecideResult } from './decide.ts';

const PROTOCOL = 'LW-TEST-0000-0001';
const config = DEFAULT_AGENT_CONFIG;

/** Runs lead messages through the rules reader and the policy, as the agent does. */
function converse(messages: string[], cfg: AgentConfig = config, start: AgentState | null = null) {
  let state = start;
  const turns: DecideResult[] = [];
  for (const text of messages) {
    const u = readMessage(text, { lang: state?.lang ?? null, expecting: state?.expecting ?? null, known: state?.fields ?? {}, knowledgeBase: cfg.knowledgeBase, guardrails: cfg.guardrails, lastRecorded: state?.lastRecorded ?? [] });
    const result = decide(state, u, cfg, { text, newProtocol: () => PROTOCOL });
    turns.push(result);
    state = result.state;
  }
  return { state: state!, turns, last: turns[turns.length - 1] };
}

const understanding = (fields: Partial<LeadFields> | Record<string, unknown>, intents: Intent[] = ['GIVES_INFO'], over: Partial<Understanding> = {}): Understanding => ({
  lang: 'pt', intents, sentiment: 'NEUTRAL', fields: fields as Partial<LeadFields>, faqId: null, confidence: 0.9, ...over,
});

const QUALIFYING = ['Oi', 'Quero financiar um apartamento', 'Ana Paula Souza', 'Campinas/SP', 'ganho 15 mil', 'uns 300 mil', 'tenho 100 mil de entrada',
  '390.533.447-05', 'sou CLT', 'daqui a 6 meses'];

describe('decide: a full qualification in Portuguese', () => {
  const { state, turns, last } = converse(QUALIFYING);

  it('greets first and asks for what is missing in the spec’s order', () => {
    expect(turns[0].replies[0]).toContain('Olá!');
    expect(turns[0].replies[0]).toContain('imóvel ou um veículo');
    expect(turns.slice(0, -1).map((t) => t.decision.asked)).toEqual<FieldName[]>(['product', 'name', 'city', 'income', 'value', 'downPayment', 'cpf', 'employment', 'timeframeMonths']);
  });

  it('echoes back each value it records', () => {
    expect(turns[4].replies[0]).toContain('Anotei sua renda mensal de R$ 15.000,00');
    expect(turns[3].replies[0]).toContain('Campinas/SP');
    expect(turns[7].replies[0]).toContain('390.533.447-05');
  });

  it('decides as soon as the last field arrives, with a summary, the protocol and the simulation', () => {
    expect(last.outcome).toBe('QUALIFIED');
    expect(last.decision.action).toBe('DECIDE');
    const reply = last.replies.join('\n');
    expect(reply).toContain(PROTOCOL);
    expect(reply).toContain('R$ 2.378,05'); // SAC first installment on R$ 200.000 over 360 months at 11,5%
    expect(reply).toContain('R$ 1.894,82'); // Price: 200 000 · i / (1 - 1.115^-30)
    expect(reply).toContain('11,5%');
    expect(reply).toContain('• Nome: Ana Paula Souza');
    expect(reply).not.toContain('Anotei'); // the summary reads everything back once
    expect(state).toMatchObject({ protocol: PROTOCOL, decisionSent: true, expecting: null, reason: null });
    expect(state.score).toBeGreaterThan(0);
    expect(state.simulation).toMatchObject({ financed: 200_000, sacFirstInstallment: 2378.05, priceInstallment: 1894.82 });
    expect(state.fields).toEqual({
      product: 'REAL_ESTATE', name: 'Ana Paula Souza', city: 'Campinas', state: 'SP', income: 15_000, value: 300_000, downPayment: 100_000,
      cpf: '39053344705', employment: 'EMPLOYED', timeframeMonths: 6,
    });
  });

  it('keeps the state JSON-serialisable', () => {
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('decide: corrections', () => {
  it('re-evaluates a decision when a correction comes after it, and keeps the protocol already told', () => {
    const { state, last } = converse([...QUALIFYING, 'na verdade minha renda é 7 mil']);
    expect(last.outcome).toBe('UNQUALIFIED');
    expect(state.reason).toBe('INSTALLMENT_TOO_HIGH');
    expect(state.score).toBeNull();
    expect(last.replies[0]).toContain('Corrigido: sua renda mensal de R$ 7.000,00');
    expect(last.replies[0]).toContain('30%');
    const back = converse(['errei, ganho 15 mil'], config, state).last;
    expect(back.outcome).toBe('QUALIFIED');
    expect(back.state.protocol).toBe(PROTOCOL);
  });

  it('replaces a value corrected before the decision', () => {
    const { state } = converse(['Oi', 'quero um carro', 'João Silva', 'Recife', 'ganho 6 mil', 'errei, na verdade ganho 7 mil']);
    expect(state.fields.income).toBe(7000);
    expect(state.expecting).toBe('value');
  });

  it('refuses an invalid CPF, holds none and asks again', () => {
    const { state, last } = converse([...QUALIFYING.slice(0, 7), '390.533.447-06']);
    expect(state.fields.cpf).toBeNull();
    expect(state.expecting).toBe('cpf');
    expect(last.replies[0]).toContain('CPF não parece válido');
    expect(converse(['390.533.447-05'], config, state).state.fields.cpf).toBe('39053344705');
  });

  it('asks for the state of a city it cannot place', () => {
    const { state, last } = converse(['Oi', 'quero um carro', 'João Silva', 'moro em Itapetininga']);
    expect(state.expecting).toBe('state');
    expect(last.replies[0]).toContain('Em qual estado fica Itapetininga?');
    expect(converse(['SP'], config, state).state.fields).toMatchObject({ city: 'Itapetininga', state: 'SP' });
  });
});

describe('decide: opt-out, hand-off and turns without progress', () => {
  it('ends everything at an opt-out: one goodbye, then silence, and nothing recorded after it', () => {
    const { state, turns } = converse(['Oi', 'quero um apartamento', 'pare', 'ganho 10 mil', 'quero falar com um atendente', 'pare']);
    expect(turns[2].outcome).toBe('OPT_OUT');
    expect(turns[2].replies).toHaveLength(1);
    expect(turns.slice(3).every((t) => t.replies.length === 0 && t.outcome === 'OPT_OUT')).toBe(true);
    expect(state.fields).toEqual({ product: 'REAL_ESTATE' });
  });

  it('prefers the opt-out when a message also complains or asks for a person', () => {
    expect(converse(['isso é golpe, me tira dessa lista']).last.outcome).toBe('OPT_OUT');
  });

  it('opts out after a decision too: the lead must not be contacted again', () => {
    expect(converse([...QUALIFYING, 'obrigada, mas desisti. pare de me mandar mensagem']).last.outcome).toBe('OPT_OUT');
  });

  it('hands over at once when the lead asks for a person or complains, then stops replying', () => {
    const human = converse(['Oi', 'quero falar com um atendente', 'alguém??']);
    expect(human.turns[1]).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'ASKED_FOR_HUMAN' });
    expect(human.turns[1].replies[0]).toContain('consultor');
    expect(human.last.replies).toEqual([]);
    expect(converse(['Oi', 'péssimo atendimento']).last).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'COMPLAINT' });
  });

  it('hands over after three turns without progress in a row', () => {
    const { turns, state } = converse(['Oi', 'Quero financiar um imóvel', 'kkkkk', 'o tempo tá bom hoje', 'vc viu o jogo ontem']);
    expect(turns[3].outcome).toBe('IN_PROGRESS');
    expect(turns[3].state.turnsWithoutProgress).toBe(2);
    expect(turns[4]).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'NO_PROGRESS' });
    expect(state.handoffSent).toBe(true);
  });

  it('does not count a greeting or a product question as a turn without progress', () => {
    const { last, state } = converse(['Oi', 'Quero financiar um imóvel', 'kkkkk', 'hahaha', 'qual a taxa de juros?', 'sei lá', 'não sei dizer']);
    expect(last.outcome).toBe('IN_PROGRESS');
    expect(state.turnsWithoutProgress).toBe(2);
  });

  it('hands over when the provider is not sure, without recording what it read', () => {
    const result = decide(null, understanding({ income: 9000 }, ['GIVES_INFO'], { confidence: 0.3 }), config);
    expect(result).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'LOW_CONFIDENCE' });
    expect(result.state.fields).toEqual({});
  });
});

describe('decide: product questions', () => {
  it('answers from the knowledge base, with the workspace’s own figures, and goes on asking', () => {
    const cfg = resolveAgentConfig({ productRules: { REAL_ESTATE: { annualRate: 0.099 } } });
    const { last, state } = converse(['Oi', 'Quero financiar um imóvel', 'qual a taxa de juros?'], cfg);
    expect(last.replies[0]).toContain('9,9% ao ano para imóveis');
    expect(last.replies[0]).toContain('Qual é o seu nome completo?');
    expect(last.decision.faqId).toBe('interest-rate');
    expect(state.turnsWithoutProgress).toBe(0);
  });

  it('does not invent an answer the knowledge base does not have: it passes the question on', () => {
    const { last, state } = converse(['Oi', 'Quero financiar um imóvel', 'vocês financiam imóvel na planta com construtora pequena?']);
    const reply = last.replies[0];
    expect(reply).toContain('vou repassar sua pergunta a um consultor');
    for (const entry of config.knowledgeBase) expect(reply).not.toContain(entry.answer.slice(0, 30));
    expect(reply).toContain('Qual é o seu nome completo?');
    expect(state.openQuestions).toEqual(['vocês financiam imóvel na planta com construtora pequena?']);
    expect(last.outcome).toBe('IN_PROGRESS');
  });

  it('ignores a knowledge-base id the provider made up', () => {
    const result = decide(null, understanding({}, ['ASKS_PRODUCT'], { faqId: 'free-money' }), config, { text: 'dinheiro grátis?' });
    expect(result.decision.faqId).toBeNull();
    expect(result.replies[0]).toContain('consultor');
  });
});

describe('decide: language and guardrails on provider output', () => {
  it('replies in English to an English conversation', () => {
    const { last } = converse(['Hi', 'I want to buy a car', 'John Miller']);
    expect(last.replies[0]).toContain('Noted your name, John Miller.');
    expect(last.replies[0]).toContain('Which city and state do you live in?');
  });

  it('keeps only valid values whatever a provider returns', () => {
    const result = decide(null, understanding({ cpf: '111.111.111-11', income: -5, value: Number.NaN, state: 'XX', product: 'BOAT', name: 'Ana' }), config);
    expect(result.state.fields).toEqual({ cpf: null, name: 'Ana' });
  });

  it('does not change its input state', () => {
    const { state } = converse(['Oi', 'quero um carro']);
    const copy = structuredClone(state);
    decide(state, understanding({ income: 9000 }), config);
    expect(state).toEqual(copy);
  });
});
