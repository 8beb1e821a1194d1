import { DEFAULT_AGENT_CONFIG } from '@leadwire/agent-config';
import { createLogger, type ServiceRequest } from '@leadwire/platform';
import { describe, expect, it } from 'vitest';
import { createAgentSettingsCache } from './agent-settings-cache.ts';

const log = createLogger('workers', 'silent');

/** A router that answers each workspace's settings from `stored`, counting the questions. */
function fakeRouter(stored: Map<string, { overrides: Record<string, unknown>; version: number }>) {
  const asked: string[] = [];
  let down = false;
  const request = (async (as: { workspaceId: string }) => {
    asked.push(as.workspaceId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (down) throw new Error('router unreachable');
    return { status: 200, data: { agentSettings: stored.get(as.workspaceId) ?? { overrides: {}, version: 0 } } };
  }) as unknown as ServiceRequest;
  return { request, asked, setDown: (value: boolean) => void (down = value) };
}

describe('agent settings cache', () => {
  it('gives the defaults to a workspace that saved nothing, and each workspace its own', async () => {
    const router = fakeRouter(new Map([['b', { overrides: { productRules: { REAL_ESTATE: { minIncome: 9000 } } }, version: 3 }]]));
    const cache = createAgentSettingsCache({ request: router.request, log });
    expect(await cache.get('a')).toBe(DEFAULT_AGENT_CONFIG);
    const b = await cache.get('b');
    expect(b.productRules.REAL_ESTATE).toEqual({ ...DEFAULT_AGENT_CONFIG.productRules.REAL_ESTATE, minIncome: 9000 });
    expect(b.productRules.VEHICLE).toEqual(DEFAULT_AGENT_CONFIG.productRules.VEHICLE);
  });

  it('asks once per workspace per ttl, however many messages ask at once', async () => {
    const stored = new Map([['a', { overrides: { minConfidence: 0.6 }, version: 1 }]]);
    const router = fakeRouter(stored);
    let now = 0;
    const cache = createAgentSettingsCache({ request: router.request, log, ttlMs: 30_000, now: () => now });
    const all = await Promise.all(Array.from({ length: 10 }, () => cache.get('a')));
    expect(new Set(all).size).toBe(1);
    expect(router.asked).toEqual(['a']);
    now = 29_999;
    stored.set('a', { overrides: { minConfidence: 0.7 }, version: 2 });
    expect((await cache.get('a')).minConfidence).toBe(0.6);
    now = 30_000;
    expect((await cache.get('a')).minConfidence).toBe(0.7);
    expect(router.asked).toEqual(['a', 'a']);
  });

  it('keeps the last settings known while the router is unreachable, and fails when it knows none', async () => {
    const router = fakeRouter(new Map([['a', { overrides: { minConfidence: 0.6 }, version: 1 }]]));
    let now = 0;
    const cache = createAgentSettingsCache({ request: router.request, log, ttlMs: 1_000, now: () => now });
    await cache.get('a');
    router.setDown(true);
    now = 5_000;
    expect((await cache.get('a')).minConfidence).toBe(0.6);
    // Not the defaults: they could hold a lead to other rules than its workspace's.
    await expect(cache.get('b')).rejects.toThrow('router unreachable');
  });

  it('refuses settings that do not validate rather than run on them', async () => {
    const router = fakeRouter(new Map([['a', { overrides: { productRules: { VEHICLE: { annualRate: 'high' } } }, version: 1 }]]));
    const cache = createAgentSettingsCache({ request: router.request, log });
    await expect(cache.get('a')).rejects.toThrow(/annualRate/);
  });

  it('forgets the least recently fetched workspace beyond its limit', async () => {
    const router = fakeRouter(new Map());
    const cache = createAgentSettingsCache({ request: router.request, log, maxWorkspaces: 2 });
    for (const id of ['a', 'b', 'c', 'b', 'a']) await cache.get(id);
    expect(router.asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
