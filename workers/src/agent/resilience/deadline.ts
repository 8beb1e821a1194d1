/** The primary did not answer in time; its call was aborted. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(readonly deadlineMs: number) {
    super(`no answer within ${deadlineMs} ms`);
  }
}

/**
 * Runs `task` with a signal that aborts at `deadlineMs` (or when `outer`
 * aborts), and settles by then whatever the task does: a task that ignores its
 * signal still loses the race, and one that honours it (the SDK closes its
 * connection) frees what it held. The signal is also aborted once the task
 * settles, so nothing the task started outlives the call.
 */
export async function withDeadline<T>(deadlineMs: number, task: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
  // Already given up: the task does not start (a quick task would otherwise win the race).
  if (outer?.aborted) throw outer.reason instanceof Error ? outer.reason : new Error('aborted');
  const controller = new AbortController();
  let expire!: (err: Error) => void;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const timer = setTimeout(() => {
    const err = new DeadlineExceededError(deadlineMs);
    controller.abort(err);
    expire(err);
  }, deadlineMs);
  const onOuterAbort = () => {
    controller.abort(outer!.reason);
    expire(outer!.reason instanceof Error ? outer!.reason : new Error('aborted'));
  };
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await Promise.race([task(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new Error('settled'));
  }
}
