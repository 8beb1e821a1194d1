import type { Logger } from '@leadwire/platform';
import { understandingSchema } from '../providers/openai-schema.ts';
import type { AgentProvider, UnderstandContext, Understanding } from '../types.ts';
import { CircuitOpenError, createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.ts';
import { DeadlineExceededError, withDeadline } from './deadline.ts';

export type FellBack = 'timeout' | 'error' | 'open-circuit' | null;

/** One message understood, and by whom: `fellBack` says why the fallback answered, null when the primary did. */
export interface ResilientAnswer {
  understanding: Understanding;
  provider: string;
  latencyMs: number;
  fellBack: FellBack;
}

export interface ResilientProvider extends AgentProvider {
  /** `understand`, with who answered, how fast, and why the fallback did. */
  answer(text: string, ctx: UnderstandContext, signal?: AbortSignal): Promise<ResilientAnswer>;
  readonly breaker: CircuitBreaker;
}

/** The primary answered, but with something no provider may answer. */
export class MalformedUnderstandingError extends Error {
  override readonly name = 'MalformedUnderstandingError';
}

function checked(understanding: Understanding, ctx: UnderstandContext): Understanding {
  const parsed = understandingSchema.safeParse(understanding);
  if (!parsed.success) throw new MalformedUnderstandingError(`off-schema at ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  // Answers come from the knowledge base only: an id outside it would be an invented answer.
  if (parsed.data.faqId !== null && !ctx.knowledgeBase.some((f) => f.id === parsed.data.faqId)) throw new MalformedUnderstandingError('unknown faqId');
  return parsed.data;
}

// What a failure may say in the logs: its kind, never its message (a server
// may echo the request, and the request carries what the lead wrote).
function describe(err: unknown) {
  const e = err as { name?: string; status?: number; problem?: string };
  return { name: e?.name ?? typeof err, status: e?.status, problem: e?.problem };
}

export interface GuardOptions {
  primary: AgentProvider;
  /** The primary's whole budget, connection included; it is aborted at this point. */
  deadlineMs?: number;
  /** Share one breaker per primary endpoint across callers; a fresh one by default. */
  breaker?: CircuitBreaker;
  log?: Logger;
}

export interface GuardedProvider extends AgentProvider {
  readonly breaker: CircuitBreaker;
}

/** Why a guarded primary did not answer. */
export function failureKind(err: unknown): Exclude<FellBack, null> {
  return err instanceof CircuitOpenError ? 'open-circuit' : err instanceof DeadlineExceededError ? 'timeout' : 'error';
}

/**
 * `primary` under a deadline and a circuit breaker, still an `AgentProvider`:
 * it throws (sooner) instead of answering late, malformed, or while the
 * circuit is open, for a caller that has its own fallback chain. A missed
 * deadline counts as a failure for the breaker.
 */
export function guardProvider(opts: GuardOptions): GuardedProvider {
  const { primary, log } = opts;
  const deadlineMs = opts.deadlineMs ?? 1500;
  const breaker = opts.breaker ?? createCircuitBreaker();
  // A breaker handed in is its owner's to watch (and may be shared: one line per change, not one per sharer).
  if (!opts.breaker) breaker.onStateChange((state) => log?.info({ provider: primary.name, state }, `circuit ${state}`));
  return {
    name: primary.name,
    breaker,
    async understand(text, ctx, signal) {
      const started = performance.now();
      try {
        return await breaker.execute(() => withDeadline(deadlineMs, async (deadline) => checked(await primary.understand(text, ctx, deadline), ctx), signal));
      } catch (err) {
        const failure = failureKind(err);
        // An open circuit is the expected state of an outage: one line when it opens, not one per message.
        if (failure === 'open-circuit') log?.debug({ provider: primary.name, failure }, 'circuit open; primary not called');
        else if (!signal?.aborted) log?.warn({ provider: primary.name, failure, ms: Math.round(performance.now() - started), err: describe(err) }, 'primary provider failed');
        throw err;
      }
    },
  };
}

export interface WithFallbackOptions extends GuardOptions {
  /** Answers whenever the primary cannot (the rules provider): it must not fail. */
  fallback: AgentProvider;
}

/**
 * Understands with `primary` guarded as in `guardProvider`, and with
 * `fallback` whenever the primary is late, fails, answers malformed, or is
 * switched off by the breaker; says who answered and why.
 */
export function withFallback(opts: WithFallbackOptions): ResilientProvider {
  const { fallback } = opts;
  const guarded = guardProvider(opts);

  async function answer(text: string, ctx: UnderstandContext, signal?: AbortSignal): Promise<ResilientAnswer> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let fellBack: Exclude<FellBack, null>;
    try {
      const understanding = await guarded.understand(text, ctx, signal);
      return { understanding, provider: guarded.name, latencyMs: elapsed(), fellBack: null };
    } catch (err) {
      // The caller gave up: nobody is waiting for a fallback answer.
      if (signal?.aborted) throw signal.reason;
      fellBack = failureKind(err);
    }
    const understanding = await fallback.understand(text, ctx, signal);
    return { understanding, provider: fallback.name, latencyMs: elapsed(), fellBack };
  }

  return {
    name: `${guarded.name}+${fallback.name}`,
    breaker: guarded.breaker,
    answer,
    async understand(text, ctx, signal) {
      return (await answer(text, ctx, signal)).understanding;
    },
  };
}
