import { z } from 'zod';
import { DEFAULT_AGENT_CONFIG, type AgentConfig } from '@leadwire/agent-config';
import { initialAgentState } from './agent-state.ts';
import { decide, type DecideOptions } from './policy/decide.ts';
import { rulesProvider } from './providers/rules-provider.ts';
import { INTENTS, type AgentProvider, type AgentState, type StepResult, type UnderstandContext, type Understanding } from './types.ts';

// The qualification agent's entry point. The worker that owns a conversation
// loads its AgentState (JSON, or null for a new lead), calls `step` with the
// lead's message, sends `replies` in order, and stores the returned state; the
// outcome and `decision` are for the CRM and the logs. `step` itself has no I/O
// besides asking the providers.

// What a provider returns is checked before the policy sees it: a model (or a
// bug) returning nonsense is a provider error, answered by the rules instead.
const zUnderstanding = z.object({
  lang: z.enum(['pt', 'en']),
  intents: z.array(z.enum(INTENTS)),
  sentiment: z.enum(['POSITIVE', 'NEUTRAL', 'NEGATIVE']),
  fields: z.record(z.string(), z.unknown()),
  faqId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
});

export interface AgentOptions {
  /**
   * Asked first to last until one answers; the rules provider is added as the
   * last resort when missing. A provider wrapped with a deadline or a circuit
   * breaker is passed here like any other: it just throws sooner.
   */
  providers: AgentProvider[];
  /** Settings for a step given none of its own; the defaults when unset. */
  config?: AgentConfig;
  /** Protocol numbers; tests pass a fixed source. */
  newProtocol?: DecideOptions['newProtocol'];
  /** Clock for latencies. */
  now?: () => number;
}

export interface StepOptions {
  /** Cuts a slow provider short; the next one in the chain answers. */
  signal?: AbortSignal;
  /** The workspace's settings for this message, when they differ from the agent's own. */
  config?: AgentConfig;
}

export interface Agent {
  step(state: AgentState | null, text: string, options?: StepOptions): Promise<StepResult>;
}

export function createAgent({ providers, config: agentConfig = DEFAULT_AGENT_CONFIG, newProtocol, now = () => performance.now() }: AgentOptions): Agent {
  const chain = providers.some((p) => p.name === rulesProvider.name) ? providers : [...providers, rulesProvider];
  return {
    async step(previous, text, { signal, config = agentConfig } = {}) {
      const state = previous ?? initialAgentState();
      const ctx: UnderstandContext = {
        lang: state.lang,
        expecting: state.expecting,
        known: state.fields,
        knowledgeBase: config.knowledgeBase,
        guardrails: config.guardrails,
        lastRecorded: state.lastRecorded,
      };
      let understanding: Understanding | null = null;
      let used = chain[0];
      let failed: string | null = null;
      const started = now();
      let lastError: unknown = null;
      for (const provider of chain) {
        used = provider;
        try {
          understanding = zUnderstanding.parse(await provider.understand(text, ctx, signal)) as Understanding;
          break;
        } catch (err) {
          lastError = err;
          failed ??= provider.name;
        }
      }
      if (!understanding) throw lastError;
      const latencyMs = Math.round(now() - started);
      const result = decide(previous, understanding, config, { text, newProtocol });
      return {
        state: result.state,
        replies: result.replies,
        outcome: result.outcome,
        decision: {
          ...result.decision,
          provider: used.name,
          latencyMs,
          confidence: understanding.confidence,
          intents: understanding.intents,
          sentiment: understanding.sentiment,
          fallbackFrom: failed,
        },
      };
    },
  };
}
