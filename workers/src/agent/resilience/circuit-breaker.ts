import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  IsolatedCircuitError,
  SamplingBreaker,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { z } from 'zod';

// The state machine is cockatiel's (closed → open after failures → half-open
// after the cool-down, one probe → closed on success, open again on failure).
// This file fixes the policy we want from it and hides its types, so the rest
// of the agent speaks only of `CircuitBreaker`.

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** The breaker refused the call: the primary was not called. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(readonly state: BreakerState) {
    super(`circuit ${state}: primary not called`);
  }
}

export const breakerOptionsSchema = z.object({
  /** How long the circuit stays open before one probe may go through. */
  coolDownMs: z.number().int().positive().default(30_000),
  /** Opens after this many failures in a row (ignored when `failureRate` is set). */
  consecutiveFailures: z.number().int().positive().default(5),
  /** Opens when this share of calls (0..1) failed over the window, at enough traffic. */
  failureRate: z
    .object({
      threshold: z.number().gt(0).lte(1),
      windowMs: z.number().int().positive(),
      minimumRps: z.number().positive().optional(),
    })
    .optional(),
});
export type BreakerOptions = z.input<typeof breakerOptionsSchema>;

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** Runs `fn` unless the circuit refuses it (CircuitOpenError); any error `fn` throws counts as a failure. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
  onStateChange(listener: (state: BreakerState) => void): { dispose(): void };
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function createCircuitBreaker(options: BreakerOptions = {}): CircuitBreaker {
  const opts = breakerOptionsSchema.parse(options);
  const policy: CircuitBreakerPolicy = circuitBreaker(handleAll, {
    halfOpenAfter: opts.coolDownMs,
    breaker: opts.failureRate
      ? new SamplingBreaker({ threshold: opts.failureRate.threshold, duration: opts.failureRate.windowMs, minimumRps: opts.failureRate.minimumRps })
      : new ConsecutiveBreaker(opts.consecutiveFailures),
  });
  return {
    get state() {
      return STATES[policy.state];
    },
    async execute<T>(fn: () => Promise<T>): Promise<T> {
      // cockatiel queues calls behind the half-open probe; a lead should not
      // wait on a probe, so those calls are refused at once instead.
      if (policy.state === CircuitState.HalfOpen) throw new CircuitOpenError('half-open');
      try {
        return await policy.execute(() => fn());
      } catch (err) {
        // IsolatedCircuitError extends BrokenCircuitError: test it first.
        if (err instanceof IsolatedCircuitError) throw new CircuitOpenError('isolated');
        if (err instanceof BrokenCircuitError) throw new CircuitOpenError('open');
        throw err;
      }
    },
    onStateChange(listener) {
      return policy.onStateChange((s) => listener(STATES[s]));
    },
  };
}
