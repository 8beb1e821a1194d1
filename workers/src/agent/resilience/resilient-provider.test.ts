import { DEFAULT_GUARDRAILS } from '@leadwire/agent-config';
import { createLogger } from '@leadwire/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '../../testing/openai-compatible-server.ts';
import { createOpenAiProvider } from '../providers/openai-provider.ts';
import { rulesProvider } from '../providers/rules-provider.ts';
import type { AgentProvider, UnderstandContext, Understanding } from '../types.ts';
import { CircuitOpenError, createCircuitBreaker } from './circuit-breaker.ts';
import { DeadlineExceededError } from './deadline.ts';
import { guardProvider, withFallback } from './resilient-provider.ts';

// The real rules provider as the fallback, counted, so a test can tell who answered.
function countedRules() {
  const calls: string[] = [];
  const provider: AgentProvider = {
    name: rulesProvider.name,
    async understand(text, ctx, signal) {
      calls.push(text);
      return rulesProvider.understand(text, ctx, signal);
    },
  };
  return { provider, calls, answerFor: (text: string) => rulesProvider.understand(text, ctx) };
}

const ctx: UnderstandContext = { lang: 'pt', expecting: 'income', known: {}, knowledgeBase: [], guardrails: DEFAULT_GUARDRAILS };

let server: OpenAiCompatibleServer;
beforeAll(async () => void (server = await startOpenAiCompatibleServer()));
afterAll(() => server.close());
beforeEach(() => server.respondWith({ kind: 'answer', reply: { fields: { income: 8000 } } }));

const openai = (log?: ReturnType<typeof createLogger>) =>
  createOpenAiProvider({ baseURL: server.url, apiKey: 'test-key', model: 'test-model', responseFormat: 'json_schema', temperature: 0, log });

describe('withFallback', () => {
  it('answers from the primary while it is healthy', async () => {
    const rules = countedRules();
    const agent = withFallback({ primary: openai(), fallback: rules.provider });
    const result = await agent.answer('ganho 8 mil', ctx);
    expect(result).toMatchObject({ provider: 'openai', fellBack: null, understanding: { fields: { income: 8000 } } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(rules.calls).toEqual([]);
    expect(await agent.understand('ganho 8 mil', ctx)).toMatchObject({ fields: { income: 8000 } });
  });

  it.each([
    ['malformed output', { kind: 'malformed', as: 'not-json' } as const],
    ['off-schema output', { kind: 'malformed', as: 'off-schema' } as const],
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a 429', { kind: 'status', status: 429, retryAfterSeconds: 0 } as const],
    ['a connection reset', { kind: 'reset' } as const],
  ])('answers from rules on %s, with fellBack "error"', async (_name, behaviour) => {
    server.respondWith(behaviour);
    const rules = countedRules();
    const result = await withFallback({ primary: openai(), fallback: rules.provider }).answer('ganho oito mil', ctx);
    expect(result).toMatchObject({ provider: 'rules', fellBack: 'error', understanding: await rules.answerFor('ganho oito mil') });
    expect(rules.calls).toEqual(['ganho oito mil']);
  });

  it('answers from rules by the deadline when the primary is slow, and closes the slow request', async () => {
    server.respondWith({ kind: 'answer', delayMs: 10_000 });
    const rules = countedRules();
    const before = server.completions().length;
    const deadlineMs = 300;
    const started = performance.now();
    const result = await withFallback({ primary: openai(), fallback: rules.provider, deadlineMs }).answer('ganho 8 mil', ctx);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ provider: 'rules', fellBack: 'timeout', understanding: await rules.answerFor('ganho 8 mil') });
    expect(elapsed).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(elapsed).toBeLessThan(deadlineMs + 700);
    expect(server.completions().length).toBe(before + 1);
    expect(await server.completions()[before].ended).toBe('aborted');
  });

  it('opens the circuit after N failures, calls nobody while open, probes after the cool-down and closes on success', async () => {
    server.respondWith({ kind: 'status', status: 500 });
    const rules = countedRules();
    const breaker = createCircuitBreaker({ consecutiveFailures: 3, coolDownMs: 400 });
    const agent = withFallback({ primary: openai(), fallback: rules.provider, breaker });
    const before = server.completions().length;

    for (let i = 0; i < 3; i++) expect((await agent.answer('ganho 8 mil', ctx)).fellBack).toBe('error');
    expect(breaker.state).toBe('open');
    expect(server.completions().length).toBe(before + 3);

    for (let i = 0; i < 5; i++) expect(await agent.answer('ganho 8 mil', ctx)).toMatchObject({ provider: 'rules', fellBack: 'open-circuit' });
    expect(server.completions().length).toBe(before + 3);

    // The primary recovers; after the cool-down one probe goes through and closes the circuit.
    server.respondWith({ kind: 'answer', reply: { fields: { income: 8000 } } });
    await new Promise((r) => setTimeout(r, 450));
    expect(await agent.answer('ganho 8 mil', ctx)).toMatchObject({ provider: 'openai', fellBack: null });
    expect(breaker.state).toBe('closed');
    expect(await agent.answer('ganho 8 mil', ctx)).toMatchObject({ provider: 'openai', fellBack: null });
    expect(server.completions().length).toBe(before + 5);
  });

  it('opens again when the probe fails, and refuses other calls while the probe is out', async () => {
    server.respondWith({ kind: 'status', status: 503 });
    const rules = countedRules();
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, coolDownMs: 300 });
    const agent = withFallback({ primary: openai(), fallback: rules.provider, breaker });
    const before = server.completions().length;
    await agent.answer('a', ctx);
    await agent.answer('b', ctx);
    expect(breaker.state).toBe('open');

    await new Promise((r) => setTimeout(r, 350));
    server.respondWith({ kind: 'status', status: 503, delayMs: 200 });
    const probe = agent.answer('probe', ctx);
    await expect.poll(() => breaker.state).toBe('half-open');
    // Behind the probe: answered by rules at once, never sent.
    expect(await agent.answer('meanwhile', ctx)).toMatchObject({ provider: 'rules', fellBack: 'open-circuit' });
    expect(await probe).toMatchObject({ provider: 'rules', fellBack: 'error' });
    expect(breaker.state).toBe('open');
    expect(await agent.answer('after', ctx)).toMatchObject({ fellBack: 'open-circuit' });
    expect(server.completions().map((r) => r.userText).slice(before)).toEqual(['a', 'b', 'probe']);
  });

  it('counts missed deadlines as failures', async () => {
    server.respondWith({ kind: 'hang' });
    const rules = countedRules();
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, coolDownMs: 60_000 });
    const agent = withFallback({ primary: openai(), fallback: rules.provider, breaker, deadlineMs: 100 });
    expect((await agent.answer('a', ctx)).fellBack).toBe('timeout');
    expect((await agent.answer('b', ctx)).fellBack).toBe('timeout');
    expect(breaker.state).toBe('open');
    expect((await agent.answer('c', ctx)).fellBack).toBe('open-circuit');
  });

  it('falls back when any primary answers outside the Understanding shape or invents a FAQ', async () => {
    const rules = countedRules();
    const answers = [
      { lang: 'pt', intents: ['GIVES_INFO'], sentiment: 'NEUTRAL', fields: { cpf: '123' }, faqId: null, confidence: 0.9 },
      { lang: 'pt', intents: ['ASKS_PRODUCT'], sentiment: 'NEUTRAL', fields: {}, faqId: 'invented', confidence: 0.9 },
    ];
    const sloppy: AgentProvider = { name: 'sloppy', understand: async () => answers.shift() as Understanding };
    const agent = withFallback({ primary: sloppy, fallback: rules.provider });
    expect(await agent.answer('x', ctx)).toMatchObject({ provider: 'rules', fellBack: 'error' });
    expect(await agent.answer('y', ctx)).toMatchObject({ provider: 'rules', fellBack: 'error' });
  });

  it('gives up with the caller, without a fallback answer', async () => {
    server.respondWith({ kind: 'hang' });
    const rules = countedRules();
    const controller = new AbortController();
    const pending = withFallback({ primary: openai(), fallback: rules.provider, deadlineMs: 5_000 }).answer('ganho 8 mil', ctx, controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(pending).rejects.toThrow('shutting down');
    expect(rules.calls).toEqual([]);
  });

  it('logs who answered and why, and nothing the lead wrote', async () => {
    const lines: string[] = [];
    const log = createLogger('agent-test', 'debug', { write: (line: string) => void lines.push(line) });
    const text = 'Sou Ana Paula, CPF 529.982.247-25, ganho 8 mil';
    const rules = countedRules();
    const agent = withFallback({ primary: openai(log), fallback: rules.provider, log });
    server.enqueue(
      { kind: 'answer', reply: { fields: { name: 'Ana Paula', cpf: '52998224725', income: 8000 } } },
      // A server that echoes the message back, as text and inside an error.
      { kind: 'content', content: `I read: ${text}` },
      { kind: 'answer', reply: { fields: { name: 'Ana Paula', cpf: '52998224725', income: 'oito mil' } } },
    );
    expect((await agent.answer(text, ctx)).fellBack).toBe(null);
    expect((await agent.answer(text, ctx)).fellBack).toBe('error');
    expect((await agent.answer(text, ctx)).fellBack).toBe('error');
    const logged = lines.join('');
    expect(logged).toContain('primary provider failed');
    expect(logged).toContain('"problem":"not-json"');
    expect(logged).toContain('"problem":"off-schema"');
    expect(logged).not.toMatch(/Ana|52998224725|529\.982|8 mil|oito|I read/);
  });
});

describe('guardProvider', () => {
  it('keeps its primary name and throws instead of answering late or while open, for a caller with its own fallback', async () => {
    server.respondWith({ kind: 'hang' });
    const guarded = guardProvider({ primary: openai(), deadlineMs: 100, breaker: createCircuitBreaker({ consecutiveFailures: 1, coolDownMs: 60_000 }) });
    expect(guarded.name).toBe('openai');
    await expect(guarded.understand('ganho 8 mil', ctx)).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(guarded.understand('ganho 8 mil', ctx)).rejects.toBeInstanceOf(CircuitOpenError);
  });
});
