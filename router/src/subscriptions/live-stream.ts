import type { WakeUp } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';
import { CURSOR_ALIAS } from './replay-query.ts';

export interface LiveStreamOptions {
  responseKey: string;
  cursor: string;
  /** Runs the replay query from `after` through the gateway as the subscriber. */
  replay: (after: string) => Promise<ExecutionResult>;
  /** Registers for wake-ups; returns the unsubscribe function. */
  listen: (onWake: (wake: WakeUp) => void) => Promise<() => void>;
  pollMs: number;
  onDelivered?: (count: number) => void;
}

const PAGE = 100;

/**
 * An async iterator of subscription results. Wake-ups (and a periodic poll, in
 * case Redis dropped one) mark the stream dirty; one pump at a time replays
 * from the last delivered cursor, so events arrive once, in order, and none
 * are skipped, however the wake-ups interleave.
 */
export function liveStream(opts: LiveStreamOptions): AsyncGenerator<ExecutionResult> {
  const queue: ExecutionResult[] = [];
  let notify: (() => void) | null = null;
  let cursor = opts.cursor;
  let dirty = true;
  let pumping = false;
  let done = false;
  let stopListening: (() => void) | null = null;

  const push = (result: ExecutionResult) => {
    queue.push(result);
    notify?.();
  };

  const pump = async () => {
    if (pumping || done) return;
    pumping = true;
    try {
      while (dirty && !done) {
        dirty = false;
        const result = await opts.replay(cursor);
        const items = (result.data?.[opts.responseKey] ?? null) as Array<Record<string, unknown>> | null;
        if (!items) {
          push({ errors: result.errors ?? [] });
          done = true;
          break;
        }
        for (const item of items) {
          const { [CURSOR_ALIAS]: itemCursor, ...visible } = item;
          cursor = String(itemCursor);
          push({ data: { [opts.responseKey]: visible } });
        }
        opts.onDelivered?.(items.length);
        if (items.length >= PAGE) dirty = true;
      }
    } catch {
      // The gateway or a subgraph failed: keep the cursor and retry on the next wake-up or poll.
      dirty = true;
    } finally {
      pumping = false;
      notify?.();
    }
  };

  const wake = () => {
    dirty = true;
    void pump();
  };
  const timer = setInterval(wake, opts.pollMs);
  timer.unref();

  const stop = () => {
    done = true;
    clearInterval(timer);
    stopListening?.();
    notify?.();
  };

  async function* iterate(): AsyncGenerator<ExecutionResult> {
    stopListening = await opts.listen(wake);
    void pump();
    try {
      while (true) {
        while (queue.length) yield queue.shift()!;
        if (done) return;
        await new Promise<void>((resolve) => (notify = resolve));
        notify = null;
      }
    } finally {
      stop();
    }
  }
  return iterate();
}
