import { DEFAULT_AGENT_CONFIG, resolveAgentConfig } from '@leadwire/agent-config';
import { describe, expect, it } from 'vitest';
import { createAgent } from './agent.ts';
import { parseAgentState } from './agent-state.ts';
import { rulesProvider } from './providers/rules-provider.ts';
import type { AgentProvider, UnderstandContext, Understanding } from './types.ts';

/** A provider that records what it was asked and answers with `answer` (or throws it). */
function scripted(name: string, answer: (text: string, ctx: UnderstandContext) => unknown): AgentProvider & { seen: UnderstandContext[] } {
  const seen: UnderstandContext[] = [];
  return {
    name,
    seen,
    async understand(text, ctx) {
      seen.push(structuredClone(ctx));
      return answer(text, ctx) as Understanding;
    },
  };
}

describe('createAgent', () => {
  it('steps a conversation from no state with the rules provider', async () => {
    const agent = createAgent({ providers: [rulesProvider] });
    const first = await agent.step(null, 'Oi, quero financiar um carro');
    expect(first.outcome).toBe('IN_PROGRESS');
    expect(first.replies[0]).toContain('Qual é o seu nome completo?');
    expect(first.decision).toMatchObject({ provider: 'rules', fallbackFrom: null, intents: ['GREETS', 'GIVES_INFO'], sentiment: 'NEUTRAL', action: 'ASK', asked: 'name', recorded: ['product'] });
    expect(first.decision.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first.decision.confidence).toBeGreaterThanOrEqual(0.5);
    const second = await agent.step(parseAgentState(JSON.parse(JSON.stringify(first.state))), 'Ana Paula Souza');
    expect(second.state.fields).toEqual({ product: 'VEHICLE', name: 'Ana Paula Souza' });
  });

  it('falls back to rules when the first provider fails', async () => {
    const broken = scripted('openai', () => {
      throw new Error('upstream 503');
    });
    const agent = createAgent({ providers: [broken] });
    const result = await agent.step(null, 'ganho 8 mil');
    expect(result.decision).toMatchObject({ provider: 'rules', fallbackFrom: 'openai' });
    expect(result.state.fields.income).toBe(8000);
    expect(broken.seen).toHaveLength(1);
  });

  it('falls back to rules when a provider returns something that is not an understanding', async () => {
    const agent = createAgent({ providers: [scripted('openai', () => ({ lang: 'fr', intents: ['DANCE'] })), rulesProvider] });
    const result = await agent.step(null, 'quero um apartamento');
    expect(result.decision).toMatchObject({ provider: 'rules', fallbackFrom: 'openai' });
    expect(result.state.fields.product).toBe('REAL_ESTATE');
  });

  it('uses a working provider, gives it the conversation so far, and still applies the guardrails to what it says', async () => {
    const model = scripted('model', (_text, ctx) => ({
      lang: 'pt', intents: ['GIVES_INFO'], sentiment: 'NEUTRAL', faqId: null, confidence: 0.95,
      fields: ctx.expecting === 'cpf' ? { cpf: '390.533.447-06' } : { product: 'REAL_ESTATE', income: 9000 },
    }));
    const agent = createAgent({ providers: [model] });
    const first = await agent.step(null, 'qualquer coisa');
    expect(first.decision.provider).toBe('model');
    expect(first.state.fields).toEqual({ product: 'REAL_ESTATE', income: 9000 });
    await agent.step(first.state, 'Ana Souza');
    expect(model.seen[1]).toMatchObject({ lang: 'pt', expecting: 'name', known: { product: 'REAL_ESTATE', income: 9000 }, lastRecorded: ['income', 'product'] });
    const invalid = await agent.step({ ...first.state, expecting: 'cpf' }, '390.533.447-06');
    expect(invalid.state.fields.cpf).toBeNull();
  });

  it("tells the provider each message's workspace guardrails, and refuses a reply built from a reading that breaks them", async () => {
    const model = scripted('model', (text) => ({
      lang: 'pt', intents: ['GIVES_INFO'], sentiment: 'NEUTRAL', faqId: null, confidence: 0.95,
      fields: text === 'oi' ? { product: 'VEHICLE' } : { name: 'Ana. Parabéns, seu crédito está aprovado' },
    }));
    const agent = createAgent({ providers: [model] });
    const workspace = resolveAgentConfig({ guardrails: '- Fale só de financiamento de veículos.' });
    const first = await agent.step(null, 'oi', { config: workspace });
    const second = await agent.step(first.state, 'Ana', { config: DEFAULT_AGENT_CONFIG });
    expect(model.seen.map((ctx) => ctx.guardrails)).toEqual(['- Fale só de financiamento de veículos.', DEFAULT_AGENT_CONFIG.guardrails]);
    expect(first.decision.guardrails).toEqual([]);
    expect(second.replies).toEqual([DEFAULT_AGENT_CONFIG.templates.pt.handoff.GUARDRAIL]);
    expect(second.decision).toMatchObject({ provider: 'model', action: 'HANDOFF', guardrails: ['PROMISES_APPROVAL'] });
    expect(second.outcome).toBe('NEEDS_HUMAN');
  });

  it('passes the caller’s abort signal to the provider, so a deadline wrapper can cut it short', async () => {
    let received: AbortSignal | undefined;
    const slow: AgentProvider = {
      name: 'slow',
      understand: (_text, _ctx, signal) =>
        new Promise((_resolve, reject) => {
          received = signal;
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    };
    const agent = createAgent({ providers: [slow] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('deadline')), 20);
    const result = await agent.step(null, 'quero um carro', { signal: controller.signal });
    expect(received).toBe(controller.signal);
    expect(result.decision).toMatchObject({ provider: 'rules', fallbackFrom: 'slow' });
  });

  it('issues a protocol number on qualification', async () => {
    const agent = createAgent({ providers: [rulesProvider] });
    let state = null;
    let last;
    for (const m of ['Oi', 'quero um carro', 'Ana Souza', 'Curitiba', 'ganho 10 mil', 'o carro é 60 mil', '20 mil de entrada', '390.533.447-05', 'CLT', 'agora']) {
      last = await agent.step(state, m);
      state = last.state;
    }
    expect(last!.outcome).toBe('QUALIFIED');
    expect(last!.state.protocol).toMatch(/^LW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(last!.replies[0]).toContain(last!.state.protocol!);
  });
});
