import { describe, expect, it } from 'vitest';
import { CircuitOpenError, createCircuitBreaker } from './circuit-breaker.ts';

const fail = () => Promise.reject(new Error('down'));
const ok = () => Promise.resolve('up');

describe('circuit breaker', () => {
  it('counts only consecutive failures', async () => {
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, coolDownMs: 60_000 });
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    await breaker.execute(ok);
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(breaker.execute(async () => void (called = true))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it('opens on a failure rate over a window when so configured', async () => {
    const breaker = createCircuitBreaker({ failureRate: { threshold: 0.5, windowMs: 10_000, minimumRps: 0.1 }, coolDownMs: 60_000 });
    const states: string[] = [];
    breaker.onStateChange((s) => states.push(s));
    for (const fn of [ok, fail, ok, fail, fail]) await breaker.execute(fn).catch(() => undefined);
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['open']);
  });

  it('refuses bad options naming them', () => {
    expect(() => createCircuitBreaker({ consecutiveFailures: 0 })).toThrow(/consecutiveFailures/);
  });
});
