import type { ExecutionResult } from 'graphql';

export interface MemberStream extends AsyncGenerator<ExecutionResult, undefined> {
  /** Queues one result for this subscriber. */
  push(result: ExecutionResult): void;
  /** Delivers what is queued (and `last`), then completes. */
  end(last?: ExecutionResult): void;
  readonly closed: boolean;
}

/**
 * One subscriber's side of a group: the results fanned out to it, queued until
 * graphql-ws sends them. Written as a plain async iterator rather than an
 * async generator function because graphql-ws calls `return()` when the socket
 * closes while `next()` is still waiting, and a generator would only act on it
 * after its next event; here it settles the waiting `next()` at once and runs
 * `onClose` exactly once, however the stream ends.
 */
export function createMemberStream(onClose: () => void): MemberStream {
  const queue: ExecutionResult[] = [];
  let waiting: ((step: IteratorResult<ExecutionResult, undefined>) => void) | null = null;
  let ending = false;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    const settle = waiting;
    waiting = null;
    settle?.({ value: undefined, done: true });
    onClose();
  };

  const stream: MemberStream = {
    push(result) {
      if (closed || ending) return;
      if (waiting) {
        const settle = waiting;
        waiting = null;
        settle({ value: result, done: false });
      } else queue.push(result);
    },
    end(last) {
      if (closed || ending) return;
      if (last) stream.push(last);
      ending = true;
      if (!queue.length) close();
    },
    get closed() {
      return closed;
    },
    async next() {
      if (queue.length) {
        const value = queue.shift()!;
        if (ending && !queue.length) queueMicrotask(close);
        return { value, done: false };
      }
      if (closed || ending) {
        close();
        return { value: undefined, done: true };
      }
      return new Promise((resolve) => (waiting = resolve));
    },
    async return() {
      close();
      return { value: undefined, done: true };
    },
    async throw(error) {
      close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  } as MemberStream;
  return stream;
}
