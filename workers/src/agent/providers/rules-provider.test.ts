import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS, DEFAULT_KNOWLEDGE_BASE } from '@leadwire/agent-config';
import type { FieldName, LeadFields, UnderstandContext } from '../types.ts';
import { readMessage, rulesProvider } from './rules-provider.ts';

const ctx = (over: Partial<UnderstandContext> = {}): UnderstandContext => ({
  lang: 'pt',
  expecting: null,
  known: {},
  knowledgeBase: DEFAULT_KNOWLEDGE_BASE,
  guardrails: DEFAULT_GUARDRAILS,
  lastRecorded: [],
  ...over,
});
const fieldsOf = (text: string, expecting: FieldName | null = null, known: Partial<LeadFields> = {}, lastRecorded: FieldName[] = []) =>
  readMessage(text, ctx({ expecting, known, lastRecorded })).fields;

describe('rules provider: fields', () => {
  it('reads several fields from one message', () => {
    expect(fieldsOf('Sou Ana, moro em Campinas/SP e ganho 8 mil')).toEqual({ name: 'Ana', city: 'Campinas', state: 'SP', income: 8000 });
    expect(fieldsOf('Quero financiar um apartamento de 450 mil, tenho 90 mil de entrada e ganho 12 mil por mês')).toEqual({
      product: 'REAL_ESTATE',
      value: 450_000,
      downPayment: 90_000,
      income: 12_000,
    });
    expect(fieldsOf('I make 8k a month, the car is 60k and I can put 10k down')).toEqual({ income: 8000, product: 'VEHICLE', value: 60_000, downPayment: 10_000 });
  });

  it('gives a bare answer to the field the agent asked for', () => {
    expect(fieldsOf('12 mil', 'income')).toEqual({ income: 12_000 });
    expect(fieldsOf('12 mil', 'value')).toEqual({ value: 12_000 });
    expect(fieldsOf('uns 450', 'value')).toEqual({ value: 450_000 });
    expect(fieldsOf('Ana Paula Souza', 'name')).toEqual({ name: 'Ana Paula Souza' });
    expect(fieldsOf('São Paulo', 'city')).toEqual({ city: 'São Paulo', state: 'SP' });
    expect(fieldsOf('CLT', 'employment')).toEqual({ employment: 'EMPLOYED' });
    expect(fieldsOf('6 meses', 'timeframeMonths')).toEqual({ timeframeMonths: 6 });
    expect(fieldsOf('não tenho entrada', 'downPayment')).toEqual({ downPayment: 0 });
  });

  it('lets a clue word beat the question asked', () => {
    expect(fieldsOf('ganho 9 mil', 'value')).toEqual({ income: 9000 });
    expect(fieldsOf('a entrada é 50 mil', 'income')).toEqual({ downPayment: 50_000 });
  });

  it('states the new value of a correction, and a bare correction corrects what was just recorded', () => {
    expect(fieldsOf('na verdade minha renda é 8 mil', 'value')).toEqual({ income: 8000 });
    expect(fieldsOf('correction: the value is 300k', null)).toEqual({ value: 300_000 });
    expect(fieldsOf('errei, o CPF é 390.533.447-05', 'employment')).toEqual({ cpf: '39053344705' });
    expect(fieldsOf('na verdade achei uma de 22 mil', 'downPayment', { value: 18_000 }, ['value'])).toEqual({ value: 22_000 });
  });

  it('marks an invalid CPF as null', () => {
    expect(fieldsOf('390.533.447-06', 'cpf')).toEqual({ cpf: null });
  });

  it('reads a down payment given as a share of the value', () => {
    expect(fieldsOf('posso dar 20% de entrada', 'downPayment', { value: 300_000 })).toEqual({ downPayment: 60_000 });
  });

  it('reads employment and product without mistaking them', () => {
    expect(fieldsOf('sou servidora municipal')).toEqual({ employment: 'PUBLIC_SERVANT' });
    expect(fieldsOf('era servidor, agora sou aposentado')).toEqual({ employment: 'RETIRED' });
    expect(fieldsOf('sou dona de casa', 'employment')).toEqual({ employment: 'OTHER' });
    expect(fieldsOf('tenho uma empresa de transporte')).toEqual({ employment: 'BUSINESS_OWNER' });
    expect(fieldsOf('quero financiar uma moto pro meu trabalho')).toEqual({ product: 'VEHICLE' });
    expect(fieldsOf('moro numa casa alugada e quero comprar um carro')).toEqual({ product: 'VEHICLE' });
    expect(fieldsOf('quero ver sobre financiamento de casa')).toEqual({ product: 'REAL_ESTATE' });
  });
});

describe('rules provider: intents, questions and language', () => {
  const read = (text: string, lang: 'pt' | 'en' | null = 'pt') => readMessage(text, ctx({ lang }));

  it('finds the knowledge-base entry a product question is about', () => {
    expect(read('posso usar o FGTS na entrada?')).toMatchObject({ intents: ['ASKS_PRODUCT'], faqId: 'fgts' });
    expect(read('qual a taxa de juros?').faqId).toBe('interest-rate');
    expect(read('quanto tempo demora a aprovação?').faqId).toBe('approval-time');
    expect(read('qual o prazo máximo do financiamento?').faqId).toBe('loan-term');
    expect(read('can I use FGTS for the down payment?', 'en').faqId).toBe('fgts');
    expect(read('how long can the financing term be?', 'en').faqId).toBe('loan-term');
  });

  it('asks a product question the knowledge base does not know without a faq id', () => {
    expect(read('tem seguro obrigatório no financiamento?')).toMatchObject({ intents: ['ASKS_PRODUCT'], faqId: null });
  });

  it('does not take small talk for a question', () => {
    expect(read('oi tudo bem?').intents).toEqual(['GREETS']);
    expect(read('quero financiar um carro, vc consegue me ajudar?').intents).toEqual(['GIVES_INFO']);
  });

  it('reads opt-out, human requests, complaints and off-topic', () => {
    expect(read('me tira da lista').intents).toContain('OPT_OUT');
    expect(read('quero falar com um atendente').intents).toContain('ASKS_HUMAN');
    expect(read('isso é golpe?').intents).toContain('COMPLAINS');
    const offTopic = read('vc viu o jogo ontem');
    expect(offTopic.intents).toEqual(['OFF_TOPIC']);
    expect(offTopic.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('detects the message language and falls back to the conversation’s', async () => {
    expect(read('I want to buy a house', null).lang).toBe('en');
    expect(read('12k', 'en').lang).toBe('en');
    expect((await rulesProvider.understand('quero um carro', ctx({ lang: null }))).lang).toBe('pt');
  });
});
