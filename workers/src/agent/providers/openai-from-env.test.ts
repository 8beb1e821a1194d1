import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '../../testing/openai-compatible-server.ts';
import { createAgent } from '../agent.ts';
import { configuredProviders } from './index.ts';

let server: OpenAiCompatibleServer;
beforeAll(async () => void (server = await startOpenAiCompatibleServer()));
afterAll(() => server.close());

describe('configured providers', () => {
  it('are the rules alone unless an OpenAI endpoint or key is set', () => {
    expect(configuredProviders({}).map((p) => p.name)).toEqual(['rules']);
    expect(configuredProviders({ OPENAI_BASE_URL: '', OPENAI_API_KEY: '' }).map((p) => p.name)).toEqual(['rules']);
    expect(configuredProviders({ OPENAI_BASE_URL: server.url }).map((p) => p.name)).toEqual(['openai', 'rules']);
  });

  it('put openai first, guarded: the agent answers from rules when it fails, and stops calling it once the circuit opens', async () => {
    const agent = createAgent({
      providers: configuredProviders({ OPENAI_BASE_URL: server.url, OPENAI_MODEL: 'test-model', OPENAI_DEADLINE_MS: '1000', OPENAI_BREAKER_FAILURES: '2' }),
    });
    const before = server.completions().length;

    server.respondWith({ kind: 'answer', reply: { intents: ['GREETS'], fields: {} } });
    const healthy = await agent.step(null, 'oi');
    expect(healthy.decision).toMatchObject({ provider: 'openai', fallbackFrom: null });
    expect(server.completions().at(-1)!.body.model).toBe('test-model');

    server.respondWith({ kind: 'answer', delayMs: 10_000 });
    const late = await agent.step(healthy.state, 'ganho 8 mil');
    expect(late.decision).toMatchObject({ provider: 'rules', fallbackFrom: 'openai' });
    expect(late.state.fields.income).toBe(8000);
    expect(await server.completions().at(-1)!.ended).toBe('aborted');

    server.respondWith({ kind: 'status', status: 500 });
    expect((await agent.step(late.state, 'Ana Paula Souza')).decision).toMatchObject({ provider: 'rules', fallbackFrom: 'openai' });
    expect(server.completions().length).toBe(before + 3);
    // Two failures in a row: the circuit is open and the endpoint is left alone.
    expect((await agent.step(late.state, 'Ana Paula Souza')).decision).toMatchObject({ provider: 'rules', fallbackFrom: 'openai' });
    expect(server.completions().length).toBe(before + 3);
  });
});
