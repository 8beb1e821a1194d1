/**
 * Runs identical work once while it is in flight: callers asking for a key
 * that is already running wait for the same promise. Nothing is kept once it
 * settles, so this is never a cache: a later call runs again.
 */
export function createInflight<T>() {
  const running = new Map<string, Promise<T>>();
  return {
    /** `shared` says whether this call joined work already running. */
    run(key: string, work: () => Promise<T>): { result: Promise<T>; shared: boolean } {
      const existing = running.get(key);
      if (existing) return { result: existing, shared: true };
      const result = work().finally(() => running.delete(key));
      running.set(key, result);
      return { result, shared: false };
    },
    get size() {
      return running.size;
    },
  };
}

export type Inflight<T> = ReturnType<typeof createInflight<T>>;
