import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer.ts';

describe('createPacer', () => {
  it('lets a burst through, then one per interval, in arrival order', async () => {
    const pacer = createPacer({ intervalMs: 60, burst: 2 });
    const start = Date.now();
    const done: [number, number][] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => pacer.acquire('agent').then(() => void done.push([i, Date.now() - start]))));
    expect(done.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    const at = done.map(([, t]) => t);
    expect(at[1]).toBeLessThan(20);
    // Never ahead of the bucket: by time t at most burst + t / interval sends.
    // Measured from the start, not from the previous send, whose callback a
    // busy event loop may have run late.
    for (let i = 2; i < at.length; i++) expect(at[i]!).toBeGreaterThanOrEqual((i - 1) * 60 - 2);
  });

  it('paces each key on its own', async () => {
    const pacer = createPacer({ intervalMs: 100, burst: 1 });
    await pacer.acquire('agent');
    const start = Date.now();
    const waiting = pacer.acquire('agent').then(() => Date.now() - start);
    await pacer.acquire('team');
    expect(Date.now() - start).toBeLessThan(30);
    expect(await waiting).toBeGreaterThanOrEqual(95);
  });

  it('refills over a quiet spell, up to the burst', async () => {
    const pacer = createPacer({ intervalMs: 30, burst: 2 });
    await pacer.acquire('agent');
    await pacer.acquire('agent');
    await new Promise((r) => setTimeout(r, 200));
    const start = Date.now();
    await pacer.acquire('agent');
    await pacer.acquire('agent');
    expect(Date.now() - start).toBeLessThan(15);
    await pacer.acquire('agent');
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
  });

  it('rejects an aborted caller without using its turn up', async () => {
    const pacer = createPacer({ intervalMs: 80, burst: 1 });
    await pacer.acquire('agent');
    const controller = new AbortController();
    const start = Date.now();
    const aborted = pacer.acquire('agent', controller.signal);
    const next = pacer.acquire('agent').then(() => Date.now() - start);
    setTimeout(() => controller.abort(new Error('stopping')), 20);
    await expect(aborted).rejects.toThrow('stopping');
    // The next caller gets the token the aborted one would have had, not one interval later.
    const waited = await next;
    expect(waited).toBeGreaterThanOrEqual(75);
    expect(waited).toBeLessThan(140);
  });
});
