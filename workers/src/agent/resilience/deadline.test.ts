import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, withDeadline } from './deadline.ts';

describe('withDeadline', () => {
  it('returns what the task returns in time, and aborts its signal once settled', async () => {
    let seen: AbortSignal | undefined;
    expect(await withDeadline(1_000, async (signal) => ((seen = signal), 42))).toBe(42);
    expect(seen?.aborted).toBe(true);
  });

  it('settles at the deadline even when the task ignores its signal, and aborts that signal', async () => {
    let seen: AbortSignal | undefined;
    const started = performance.now();
    const err = await withDeadline(100, (signal) => ((seen = signal), new Promise(() => {}))).catch((e) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(err);
  });

  it('passes the task error through', async () => {
    await expect(withDeadline(1_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('follows the outer signal, already aborted or aborted later', async () => {
    const early = AbortSignal.abort(new Error('gone'));
    let ran = false;
    await expect(withDeadline(1_000, async (s) => ((ran = !s.aborted), 1), early)).rejects.toThrow('gone');
    expect(ran).toBe(false);
    const outer = new AbortController();
    setTimeout(() => outer.abort(new Error('later')), 20);
    await expect(withDeadline(5_000, () => new Promise(() => {}), outer.signal)).rejects.toThrow('later');
  });
});
