import { describe, expect, test, vi } from 'vitest';
import { DEFAULT_AGENT_CONFIG } from '@leadwire/agent-config';
import { createAgent } from '../agent/agent.ts';
import { faqAnswer } from '../agent/policy/replies.ts';
import type { AgentState } from '../agent/types.ts';
import { generateSuggestions, type SuggestionDraft } from './generate-suggestions.ts';
import type { LeadMessage } from './read-thread.ts';
import type { ReplyDrafter } from './reply-drafter.ts';

const THREAD = 'c0000000-0000-4000-8000-000000000001';
const TEAM_THREAD = 'c0000000-0000-4000-8000-000000000002';
// A Tuesday, 14:00 in São Paulo.
const START = new Date('2026-11-24T14:00:00-03:00');

/** The agent's real state after the lead said `texts` (the rules provider, a fixed protocol). */
async function stateAfter(texts: string[]): Promise<AgentState> {
  const agent = createAgent({ providers: [], newProtocol: () => 'LW-TEST-0001' });
  let state: AgentState | null = null;
  for (const text of texts) state = (await agent.step(state, text)).state;
  return state!;
}

/** A thread: `>` lead, `<` agent, `#` consultant (from the TEAM number); one minute apart, ending at START. */
function thread(lines: string[], conversationId = THREAD): LeadMessage[] {
  return lines.map((line, i) => {
    const from = line[0] as '>' | '<' | '#';
    return {
      id: `m${i + 1}`,
      cursor: String(i + 1),
      direction: from === '>' ? 'INBOUND' : 'OUTBOUND',
      author: from === '>' ? 'LEAD' : from === '<' ? 'AI' : 'CONSULTANT',
      body: line.slice(2),
      createdAt: new Date(START.getTime() - (lines.length - 1 - i) * 60_000).toISOString(),
      conversationId: from === '#' ? TEAM_THREAD : conversationId,
    };
  });
}

const byKind = (drafts: SuggestionDraft[]) => Object.fromEntries(drafts.map((d) => [d.kind, d])) as Record<string, any>;
const now = new Date(START.getTime() + 60_000);

async function suggest(state: AgentState | null, lines: string[], options = {}) {
  return generateSuggestions({ conversationId: THREAD, state, messages: thread(lines), now }, options);
}

const QUALIFYING = ['Oi, quero financiar um apartamento', 'Ana Paula Souza', 'Moro em Campinas - SP', 'ganho uns 15 mil por mês', 'o apê custa 400 mil', 'tenho 120 mil de entrada', '390.533.447-05', 'sou CLT'];

describe('generateSuggestions (rules)', () => {
  test('a handed-off lead asking a product question gets the knowledge base’s answer and the next missing question', async () => {
    const state = await stateAfter(['Olá, quero financiar um carro', 'quero falar com um atendente']);
    expect(state.outcome).toBe('NEEDS_HUMAN');
    const set = await suggest(state, ['> Olá, quero financiar um carro', '< Olá! Você quer…', '> quero falar com um atendente', '< Claro!', '> qual a taxa de juros?']);
    expect(set).toMatchObject({ sourceMessageId: 'm5', provider: 'rules', lang: 'pt' });
    const { REPLY, NEXT_ACTION, FOLLOW_UP } = byKind(set!.drafts);
    const answer = faqAnswer('interest-rate', DEFAULT_AGENT_CONFIG, 'pt')!;
    expect(answer).toContain('11,5% ao ano para imóveis e 21% ao ano para veículos');
    expect(REPLY.body).toBe(`Olá! Aqui é da equipe de financiamento, vou continuar o seu atendimento.\n\n${answer}\n\nQual é o seu nome completo?`);
    expect(REPLY.rationale).toBe('Apresenta-se ao lead; responde pela base de conhecimento (interest-rate); pede o próximo dado: Nome.');
    expect(NEXT_ACTION).toMatchObject({ action: 'ASK_MISSING_INFO', rationale: expect.stringMatching(/^Faltam dados para a análise: Nome, Cidade, Estado, Renda mensal/) });
    // The lead wrote a minute ago, on a Tuesday afternoon: two hours later, same day.
    expect(FOLLOW_UP).toEqual({ kind: 'FOLLOW_UP', followUpAt: new Date(now.getTime() + 2 * 3_600_000).toISOString(), rationale: expect.stringContaining('expediente') });
  });

  test('the hand-off itself: a call, and the draft takes over', async () => {
    const state = await stateAfter(['Olá, quero financiar um carro', 'quero falar com um atendente']);
    const set = await suggest(state, ['> Olá, quero financiar um carro', '< Olá! Você quer…', '> quero falar com um atendente', '< Claro! Vou chamar um consultor']);
    const { REPLY, NEXT_ACTION } = byKind(set!.drafts);
    expect(set!.sourceMessageId).toBe('m3');
    expect(NEXT_ACTION.action).toBe('CALL_LEAD');
    expect(REPLY.body).toMatch(/^Olá! Aqui é da equipe de financiamento[\s\S]*Qual é o seu nome completo\?$/);
  });

  test('answers in the conversation’s language', async () => {
    const state = await stateAfter(['Hi, I want to finance a car', 'talk to a person']);
    const set = await suggest(state, ['> Hi, I want to finance a car', '< Hello!', '> talk to a person', '< Of course!', '> what documents do I need?']);
    expect(set!.lang).toBe('en');
    expect(byKind(set!.drafts).REPLY.body).toBe(
      `Hello! I'm from the financing team and will take it from here.\n\n${faqAnswer('documents', DEFAULT_AGENT_CONFIG, 'en')}\n\nWhat is your full name?`,
    );
  });

  test('never invents an answer the knowledge base does not have', async () => {
    const set = await suggest(null, ['> vocês fazem portabilidade de financiamento?']);
    const { REPLY, NEXT_ACTION } = byKind(set!.drafts);
    expect(REPLY.body).toBe('Olá! Aqui é da equipe de financiamento, vou continuar o seu atendimento.\n\nVou confirmar essa informação com a nossa equipe e já te respondo.\n\nVocê quer financiar um imóvel ou um veículo?');
    for (const entry of DEFAULT_AGENT_CONFIG.knowledgeBase) expect(REPLY.body).not.toContain(faqAnswer(entry.id, DEFAULT_AGENT_CONFIG, 'pt'));
    expect(NEXT_ACTION).toEqual({ kind: 'NEXT_ACTION', action: 'ANSWER_QUESTION', rationale: 'Pergunta sem resposta na base de conhecimento: “vocês fazem portabilidade de financiamento?”.' });
  });

  test('confirms what the lead said since the hand-off and asks for the next field; a consultant who spoke is not introduced again', async () => {
    const state = await stateAfter(['quero financiar um carro', 'quero falar com um atendente']);
    const set = await suggest(state, ['> quero falar com um atendente', '< Claro!', '# Oi, sou a Carla!', '> ganho 8 mil por mês']);
    const { REPLY, NEXT_ACTION } = byKind(set!.drafts);
    expect(REPLY.body).toBe('Anotei sua renda mensal de R$ 8.000,00.\n\nQual é o seu nome completo?');
    expect(NEXT_ACTION.rationale).not.toContain('Renda mensal');
  });

  test('a lead whose last answer completes a qualification gets the simulation; once told, the documents', async () => {
    const before = await stateAfter([...QUALIFYING, 'quero falar com um atendente']);
    expect(before.outcome).toBe('NEEDS_HUMAN');
    const set = await suggest(before, ['> quero falar com um atendente', '< Claro!', '> quero comprar mês que vem']);
    const { REPLY, NEXT_ACTION, FOLLOW_UP } = byKind(set!.drafts);
    expect(NEXT_ACTION).toMatchObject({ action: 'SEND_SIMULATION', rationale: expect.stringMatching(/^Qualificado \(score \d+\)/) });
    expect(REPLY.body).toContain('Anotei a compra no mês que vem.');
    expect(REPLY.body).toContain('financiando R$ 280.000,00 em 360 meses com taxa de 11,5% ao ano');
    expect(FOLLOW_UP).toBeDefined();

    const qualified = await stateAfter([...QUALIFYING, 'quero comprar mês que vem']);
    expect(qualified).toMatchObject({ outcome: 'QUALIFIED', decisionSent: true });
    const next = await suggest(qualified, ['> quero comprar mês que vem', '< Boa notícia, Ana!', '> ok, e agora?']);
    expect(byKind(next!.drafts).NEXT_ACTION.action).toBe('REQUEST_DOCUMENTS');
    expect(byKind(next!.drafts).REPLY.body).toBe(
      `Olá, Ana! Aqui é da equipe de financiamento, vou continuar o seu atendimento.\n\nO próximo passo é a análise de crédito. ${faqAnswer('documents', DEFAULT_AGENT_CONFIG, 'pt')}`,
    );
  });

  test('a lead who does not qualify is told why and closed, with no follow-up', async () => {
    const low = QUALIFYING.map((t) => (t.startsWith('ganho') ? 'ganho 2 mil por mês' : t));
    const before = await stateAfter([...low, 'quero falar com um atendente']);
    const set = await suggest(before, ['> quero falar com um atendente', '< Claro!', '> quero comprar mês que vem']);
    const { REPLY, NEXT_ACTION } = byKind(set!.drafts);
    expect(set!.drafts.map((d) => d.kind)).toEqual(['REPLY', 'NEXT_ACTION']);
    expect(NEXT_ACTION).toEqual({ kind: 'NEXT_ACTION', action: 'CLOSE_LOST', rationale: 'Não se qualifica: renda abaixo do mínimo.' });
    expect(REPLY.body).toContain('a renda mínima para financiamento de imóvel é de R$ 2.500,00');
  });

  test('an opt-out gets a goodbye and is closed; a complaint gets an apology and a call', async () => {
    const state = await stateAfter(['quero financiar um carro', 'quero falar com um atendente']);
    const stop = await suggest(state, ['> quero falar com um atendente', '< Claro!', '> pare']);
    expect(stop!.drafts).toEqual([
      { kind: 'REPLY', body: DEFAULT_AGENT_CONFIG.templates.pt.goodbye, rationale: 'Despede-se: o lead pediu para parar.' },
      { kind: 'NEXT_ACTION', action: 'CLOSE_LOST', rationale: 'O lead pediu para não receber mais mensagens.' },
    ]);
    const angry = await suggest(state, ['> quero falar com um atendente', '< Claro!', '> isso é um absurdo, péssimo atendimento']);
    expect(byKind(angry!.drafts).NEXT_ACTION.action).toBe('CALL_LEAD');
    expect(byKind(angry!.drafts).REPLY.body).toMatch(/^Olá! Sinto muito pelo transtorno/);
  });

  test('nothing to suggest: no lead message, a consultant answered already, or the newest is on another thread', async () => {
    expect(await suggest(null, [])).toBeNull();
    expect(await suggest(null, ['> qual a taxa de juros?', '# A taxa é 11,5%.'])).toBeNull();
    const elsewhere = thread(['> qual a taxa de juros?']).map((m) => ({ ...m, conversationId: TEAM_THREAD }));
    expect(await generateSuggestions({ conversationId: THREAD, state: null, messages: elsewhere, now })).toBeNull();
  });

  test('is deterministic: the same thread gives the same suggestions, in any order of messages', async () => {
    const state = await stateAfter(['Olá, quero financiar um carro', 'quero falar com um atendente']);
    const lines = ['> Olá, quero financiar um carro', '< Olá!', '> quero falar com um atendente', '< Claro!', '> qual a taxa de juros?', '> e posso usar o FGTS?'];
    const first = await suggest(state, lines);
    const shuffled = await generateSuggestions({ conversationId: THREAD, state, messages: thread(lines).reverse(), now });
    expect(shuffled).toEqual(first);
    // Both questions of the burst are answered, in the order asked.
    expect(byKind(first!.drafts).REPLY.rationale).toContain('(interest-rate, fgts)');
  });

  test('a model drafter writes the reply when it can; the rules draft when it fails', async () => {
    const lines = ['> qual a taxa de juros?'];
    const model: ReplyDrafter = { name: 'test-model', draft: async ({ reading }) => ({ body: `Resposta sobre ${reading.faqIds.join()}`, rationale: 'Modelo' }) };
    const drafted = await suggest(null, lines, { drafter: model });
    expect(drafted).toMatchObject({ provider: 'test-model', drafts: [{ kind: 'REPLY', body: 'Resposta sobre interest-rate', rationale: 'Modelo' }, { action: 'ASK_MISSING_INFO' }, {}] });

    const onFallback = vi.fn();
    const broken: ReplyDrafter = { name: 'broken-model', draft: async () => Promise.reject(new Error('timeout')) };
    const fallback = await suggest(null, lines, { drafter: broken, onFallback });
    expect(fallback).toEqual(await suggest(null, lines));
    expect(onFallback).toHaveBeenCalledWith('drafter', expect.any(Error));
  });
});
