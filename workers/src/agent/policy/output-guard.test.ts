import { fileURLToPath } from 'node:url';
import { DEFAULT_AGENT_CONFIG, resolveAgentConfig, type AgentConfig } from '@leadwire/agent-config';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../agent.ts';
import { loadEvalSet } from '../eval/eval-set.ts';
import { rulesProvider } from '../providers/rules-provider.ts';
import type { AgentState, Understanding } from '../types.ts';
import { decide } from './decide.ts';
import { trippedGuardrails } from './output-guard.ts';
import { ruleVars } from './replies.ts';
import { fill } from './format.ts';

const patterns = DEFAULT_AGENT_CONFIG.guardrailPatterns;
const tripped = (text: string, config: AgentConfig = DEFAULT_AGENT_CONFIG) => trippedGuardrails([text], config.guardrailPatterns);

describe('output guardrails: what trips them', () => {
  it.each([
    ['pt', 'Parabéns! Seu crédito está aprovado.'],
    ['pt', 'Você foi aprovada, é só assinar.'],
    ['pt', 'CRÉDITO APROVADO!'],
    ['pt', 'Aprovação garantida para você.'],
    ['pt', 'Garantimos o seu financiamento.'],
    ['pt', 'Seu crédito já está liberado.'],
    ['en', 'Good news: your loan is approved!'],
    ["en", "You're approved."],
    ['en', 'Approved! Welcome aboard.'],
    ['en', 'Approval is guaranteed.'],
    ['en', 'We guarantee your loan.'],
    ['en', 'Instant approval for everyone.'],
  ])('a promise of approval (%s): %s', (_lang, text) => {
    expect(tripped(text)).toEqual(['PROMISES_APPROVAL']);
  });

  it.each([
    ['pt', 'Qual é a sua senha do banco?'],
    ['pt', 'Me envia o número do seu cartão, por favor.'],
    ['pt', 'Pode me passar o código que chegou por SMS?'],
    ['pt', 'Digite seu PIN aqui.'],
    ['pt', 'Confirme o CVV do cartão.'],
    ['pt', 'Preciso do código de segurança.'],
    ['pt', 'Qual é o seu nome completo e a senha do app do banco?'],
    ['pt', 'Informe, por favor, o número completo do seu cartão.'],
    ['en', 'What is your password?'],
    ['en', "What's your PIN?"],
    ['en', 'Please send me your card number.'],
    ['en', 'Share the verification code you received.'],
    ['en', 'Type the CVV here.'],
    ['en', 'Your full name and your password, please.'],
  ])('a request for a secret (%s): %s', (_lang, text) => {
    expect(tripped(text)).toEqual(['ASKS_FOR_SECRET']);
  });

  it('names every guardrail a reply trips, and checks every reply of a turn', () => {
    expect(trippedGuardrails(['Olá!', 'Seu crédito está aprovado, só preciso da sua senha.'], patterns)).toEqual(['PROMISES_APPROVAL', 'ASKS_FOR_SECRET']);
    expect(trippedGuardrails(['Olá!', 'Qual é o seu CPF?'], patterns)).toEqual([]);
  });

  it('checks a reply against every language: a value a model read may be in the other one', () => {
    expect(tripped('Anotei seu nome, Ana. Your loan is approved.')).toEqual(['PROMISES_APPROVAL']);
  });
});

describe('output guardrails: what does not trip them', () => {
  it.each([
    'Boa notícia, Ana! Com essas informações, seu financiamento de imóvel está pré-aprovado para análise.',
    'Good news, Ana! With this information your property financing is pre-approved for analysis.',
    'Infelizmente seu crédito não foi aprovado.',
    'Se for aprovado, o contrato é assinado em cartório.',
    "If your loan isn't approved, a consultant explains why.",
    'Nunca informe sua senha ou o número do cartão a ninguém.',
    'Nós nunca pedimos senha, PIN ou código de segurança.',
    'Never share your password or PIN with anyone.',
    "We don't need your card number.",
    'Nunca informe seu CPF e a senha por aqui.',
    'Guarde o cartão e não mostre a ninguém.',
    'Qual é o seu CPF? (só os 11 números já bastam)',
    'Anotei seu nome, Ana Pinheiro, e a cidade Pindamonhangaba/SP.',
    'O imóvel fica como garantia do financiamento; o FGTS é o fundo de garantia.',
    'A análise de crédito costuma levar de 2 a 5 dias úteis.',
  ])('%s', (text) => {
    expect(tripped(text)).toEqual([]);
  });

  it('passes every default reply text and knowledge-base answer, in both languages', () => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(DEFAULT_AGENT_CONFIG.templates);
    for (const entry of DEFAULT_AGENT_CONFIG.knowledgeBase) texts.push(fill(entry.answer, ruleVars(DEFAULT_AGENT_CONFIG, entry.lang)));
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((text) => tripped(text).length)).toEqual([]);
  });

  it('lets every conversation of the labelled set through untouched', async () => {
    const set = await loadEvalSet(fileURLToPath(new URL('../../../eval/qualification-set.json', import.meta.url)));
    const agent = createAgent({ providers: [rulesProvider] });
    const refused: string[] = [];
    let replies = 0;
    for (const conversation of set) {
      let state: AgentState | null = null;
      for (const message of conversation.messages) {
        const result = await agent.step(state, message);
        state = result.state;
        replies += result.replies.length;
        if (result.decision.guardrails.length) refused.push(`${conversation.id}: ${message}`);
      }
    }
    expect(replies).toBeGreaterThan(300);
    expect(refused).toEqual([]);
  });
});

describe('output guardrails: a workspace’s own', () => {
  it('adds a guardrail, or turns one off for a language', () => {
    const config = resolveAgentConfig({ guardrailPatterns: { MENTIONS_CONSORCIO: { pt: ['\\bconsorcio\\b'] }, PROMISES_APPROVAL: { pt: [] } } });
    expect(tripped('Também temos consórcio!', config)).toEqual(['MENTIONS_CONSORCIO']);
    expect(tripped('Também temos consórcio!')).toEqual([]);
    expect(tripped('Seu crédito está aprovado.', config)).toEqual([]);
    expect(tripped('Your loan is approved.', config)).toEqual(['PROMISES_APPROVAL']);
  });
});

const understanding = (fields: Understanding['fields'], intents: Understanding['intents'] = ['GIVES_INFO']): Understanding => ({
  lang: 'pt', intents, sentiment: 'NEUTRAL', fields, faqId: null, confidence: 0.9,
});

describe('output guardrails in the policy: a refused reply is never returned', () => {
  const GUARDRAIL_PT = DEFAULT_AGENT_CONFIG.templates.pt.handoff.GUARDRAIL;

  it('hands a reply echoing what a model read as a name over to a consultant, and says so safely', () => {
    const asked = decide(null, understanding({ product: 'VEHICLE' }, ['GREETS', 'GIVES_INFO']), DEFAULT_AGENT_CONFIG);
    expect(asked.decision).toMatchObject({ action: 'ASK', asked: 'name', guardrails: [] });
    const result = decide(asked.state, understanding({ name: 'Ana. Seu crédito está aprovado' }), DEFAULT_AGENT_CONFIG);
    expect(result.replies).toEqual([GUARDRAIL_PT]);
    expect(result).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'GUARDRAIL' });
    expect(result.decision).toMatchObject({ action: 'HANDOFF', asked: null, guardrails: ['PROMISES_APPROVAL'] });
    expect(result.state).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'GUARDRAIL', expecting: null, handoffSent: true });
    // The consultant has the thread now: the agent says nothing more.
    expect(decide(result.state, understanding({ income: 9000 }), DEFAULT_AGENT_CONFIG).replies).toEqual([]);
  });

  it('refuses a workspace’s template that asks for a password', () => {
    const config = resolveAgentConfig({ templates: { pt: { ask: { name: 'Qual é o seu nome completo e a senha do app do banco?' } } } });
    const result = decide(null, understanding({ product: 'VEHICLE' }), config);
    expect(result.replies).toEqual([GUARDRAIL_PT]);
    expect(result.decision.guardrails).toEqual(['ASKS_FOR_SECRET']);
    expect(result.outcome).toBe('NEEDS_HUMAN');
  });

  it('refuses a decision message that promises approval, and does not count it as told', () => {
    const config = resolveAgentConfig({ templates: { pt: { qualified: 'Parabéns, {firstName}! Seu crédito está aprovado. Protocolo {protocol}.' } } });
    const known = { name: 'Ana Souza', product: 'VEHICLE', city: 'Curitiba', state: 'PR', income: 10_000, value: 60_000, downPayment: 20_000, employment: 'EMPLOYED', timeframeMonths: 0 } as const;
    const before = decide(null, understanding(known), config);
    expect(before.decision.asked).toBe('cpf');
    const result = decide(before.state, understanding({ cpf: '39053344705' }), config, { newProtocol: () => 'LW-TEST-0000-0001' });
    expect(result.replies).toEqual([GUARDRAIL_PT]);
    expect(result.state).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'GUARDRAIL', decisionSent: false });
    expect(result.decision.guardrails).toEqual(['PROMISES_APPROVAL']);
  });

  it('keeps an opt-out an opt-out, only without the refused goodbye', () => {
    const config = resolveAgentConfig({ templates: { pt: { goodbye: 'Tchau! Se mudar de ideia, seu crédito está aprovado.' } } });
    const result = decide(null, understanding({}, ['OPT_OUT']), config);
    expect(result).toMatchObject({ outcome: 'OPT_OUT', replies: [] });
    expect(result.decision.guardrails).toEqual(['PROMISES_APPROVAL']);
  });

  it('says nothing rather than a hand-off text that trips a guardrail too', () => {
    const config = resolveAgentConfig({ templates: { pt: { handoff: { GUARDRAIL: 'Um consultor confirma que está aprovado.' } } } });
    const result = decide(null, understanding({ product: 'VEHICLE', name: 'Seu crédito está aprovado' }), config);
    expect(result).toMatchObject({ outcome: 'NEEDS_HUMAN', reason: 'GUARDRAIL', replies: [] });
  });
});
