export interface Backoff {
  baseMs: number;
  capMs: number;
}

/**
 * Exponential backoff with jitter: the ceiling doubles per failure up to
 * `capMs`, and the wait is drawn from its upper half, so connectors that lost
 * the router together do not all come back at the same instant, and none
 * retries at once.
 */
export function backoffDelay(failures: number, { baseMs, capMs }: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
