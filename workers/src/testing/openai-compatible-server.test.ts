import { DEFAULT_GUARDRAILS } from '@leadwire/agent-config';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiProvider } from '../agent/providers/openai-provider.ts';
import type { UnderstandContext } from '../agent/types.ts';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from './openai-compatible-server.ts';

// What a bench relies on: a fixed latency and a plausible reading the openai
// provider accepts, with no reply scripted by the caller.
let server: OpenAiCompatibleServer;
beforeAll(async () => void (server = await startOpenAiCompatibleServer({ latencyMs: 150, model: 'bench-model' })));
afterAll(() => server.close());

const ctx = (expecting: UnderstandContext['expecting']): UnderstandContext => ({ lang: null, expecting, known: {}, knowledgeBase: [], guardrails: DEFAULT_GUARDRAILS });
const provider = () => createOpenAiProvider({ baseURL: server.url, model: 'bench-model', responseFormat: 'json_schema', temperature: 0 });

describe('OpenAI-compatible test server', () => {
  it('lists its model like OpenAI does', async () => {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toEqual(['bench-model']);
  });

  it.each([
    ['ganho R$ 8.500,00', 'income', { income: 8500 }],
    ['uns 8,5 mil', 'income', { income: 8500 }],
    ['1,2 milhão', 'value', { value: 1_200_000 }],
    ['moro em Campinas/SP', 'city', { state: 'SP' }],
    ['Ana Paula Souza', 'name', { name: 'Ana Paula Souza' }],
    ['meu CPF é 529.982.247-25', 'cpf', { cpf: '52998224725' }],
  ] as const)('derives a plausible reading of "%s" after a fixed latency', async (text, expecting, fields) => {
    const started = performance.now();
    const understanding = await provider().understand(text, ctx(expecting));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(understanding.fields).toEqual(fields);
    expect(understanding.intents).toEqual(['GIVES_INFO']);
  });

  it('records how each request ended', async () => {
    const before = server.requests.length;
    server.enqueue({ kind: 'reset' });
    await expect(provider().understand('oi', ctx(null))).rejects.toThrow();
    await provider().understand('hello there', ctx(null));
    const [reset, answered] = server.requests.slice(before);
    expect(await reset.ended).toBe('reset');
    expect(await answered.ended).toBe('answered');
    expect(answered.end).toBe('answered');
  });
});
