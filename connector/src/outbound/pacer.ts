import { sleep } from '../backoff.ts';

export interface PacerOptions {
  /** One send per interval on average, per key. */
  intervalMs: number;
  /** Sends allowed back to back after a quiet spell. */
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** The previous caller's turn: callers go one at a time, first come first served. */
  tail: Promise<void>;
}

/**
 * A token bucket per key (a WhatsApp session), so each number sends at a
 * human pace whatever the queue holds, and one busy number does not slow the
 * others. BullMQ's own limiter works per queue (per group only in BullMQ
 * Pro), which is not what WhatsApp counts.
 */
export function createPacer(opts: PacerOptions) {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket) => {
    const t = now();
    b.tokens = Math.min(opts.burst, b.tokens + (t - b.at) / opts.intervalMs);
    b.at = t;
  };

  async function take(b: Bucket, signal?: AbortSignal) {
    signal?.throwIfAborted();
    refill(b);
    if (b.tokens < 1) {
      await sleep(Math.ceil((1 - b.tokens) * opts.intervalMs), signal);
      signal?.throwIfAborted();
      refill(b);
    }
    b.tokens -= 1;
  }

  return {
    /**
     * Resolves when `key` may send. Rejects with the signal's reason when it
     * aborts first; an aborted caller uses up nothing.
     */
    acquire(key: string, signal?: AbortSignal): Promise<void> {
      let b = buckets.get(key);
      if (!b) {
        b = { tokens: opts.burst, at: now(), tail: Promise.resolve() };
        buckets.set(key, b);
      }
      const bucket = b;
      const turn = bucket.tail.then(() => take(bucket, signal));
      bucket.tail = turn.catch(() => undefined);
      return turn;
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;
