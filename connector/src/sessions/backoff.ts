export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** In [0, 1); injected by tests. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: the n-th consecutive retry waits a
 * uniform random time in [0, min(cap, base·2ⁿ)). Spreading the waits keeps
 * sessions that dropped together (a network blip) from reconnecting in step.
 */
export function createBackoff({ baseMs = 1_000, capMs = 60_000, random = Math.random }: BackoffOptions = {}) {
  let attempt = 0;
  return {
    next(): number {
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      // Past the cap the exponent no longer matters; stop it from growing without bound.
      if (ceiling < capMs) attempt++;
      return Math.floor(random() * ceiling);
    },
    reset() {
      attempt = 0;
    },
  };
}

export type Backoff = ReturnType<typeof createBackoff>;
