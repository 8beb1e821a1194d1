import { Redis } from 'ioredis';
import { describe, expect, onTestFinished, vi } from 'vitest';
import { ok, type Caller } from '../test/client.ts';
import { test, type Tenant } from '../test/fixtures.ts';
import { assignLead, board, boardEventsSubscription, createLead, moveLead } from '../test/operations.ts';
import { startExtraRouter } from '../test/platform.ts';
import { routerMetrics, settled } from '../test/router-metrics.ts';
import { subscriber } from '../test/ws-client.ts';

const REPLAYS = 'leadwire_router_subscription_replays_total';
const SLIM = { query: 'subscription Slim($after: String) { boardEvents(after: $after) { cursor leadId type } }' };
const head = async (call: Caller) => (await ok(call({ query: '{ boardCursor }' }))).boardCursor as string;

/** The board log after `after` as `call` sees it, oldest first: what a subscriber from there must receive. */
async function logAfter(call: Caller, after: string): Promise<string[]> {
  const data = await ok(call({ query: 'query($after: String) { boardEventsSince(after: $after, first: 500) { cursor } }', variables: { after } }));
  return data.boardEventsSince.map((e: { cursor: string }) => e.cursor);
}

/** Leads on the board: half unassigned, a quarter Ana's, a quarter Bruno's. */
async function boardWithLeads(tenant: Tenant, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await ok(tenant.admin.call(createLead({ name: `Burst ${i}` })))).createLead.id);
  for (let i = 0; i < count / 2; i++) await ok(tenant.admin.call(assignLead(ids[i]!, tenant.consultants[i % 2]!.id)));
  const stages = (await ok(tenant.admin.call(board(1)))).board.columns.map((c: any) => c.stage.id as string);
  return { ids, stages };
}

/** `moves` moveLead calls from `writers` concurrent writers, as a busy sales floor sends them. */
async function burst(call: Caller, ids: string[], stages: string[], moves: number, writers = 10) {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < moves) {
        const i = next++;
        await ok(call(moveLead(ids[(i * 7) % ids.length]!, stages[i % stages.length]!, 0)));
      }
    }),
  );
}

const closeAll = async (sockets: Array<ReturnType<typeof subscriber>>) => void (await Promise.all(sockets.map((s) => s.close())));

async function quietOutbox(internalUrl: string) {
  // Assignments reach the board through an outbox: let their events land before the starting cursor is taken.
  await new Promise((r) => setTimeout(r, 500));
  await settled(internalUrl, REPLAYS);
}

describe('bursts of events', () => {
  test('200 moves reach 50 subscribers complete and in order, in fewer replays than events', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const { ids, stages } = await boardWithLeads(tenant, 20);
    await quietOutbox(platform.routerInternalUrl);
    const start = await head(admin.call);
    const open = (token: string, op: { query: string; variables?: Record<string, unknown> }, n: number) =>
      Array.from({ length: n }, () => subscriber(platform.wsUrl, { authorization: `Bearer ${token}` }, { ...op, variables: { after: start } }));
    const full = open(admin.token, boardEventsSubscription(), 30);
    const slim = open(admin.token, SLIM, 10);
    const ana = open(consultants[0]!.token, boardEventsSubscription(), 5);
    const bruno = open(consultants[1]!.token, boardEventsSubscription(), 5);
    onTestFinished(() => closeAll([...full, ...slim, ...ana, ...bruno]));
    await vi.waitFor(async () => expect((await routerMetrics(platform.routerInternalUrl)).value('leadwire_router_subscriptions_active')).toBe(50), { timeout: 15_000 });
    await settled(platform.routerInternalUrl, REPLAYS);
    const replaysBefore = (await routerMetrics(platform.routerInternalUrl)).value(REPLAYS);

    await burst(admin.call, ids, stages, 200);

    const expected = { admin: await logAfter(admin.call, start), ana: await logAfter(consultants[0]!.call, start), bruno: await logAfter(consultants[1]!.call, start) };
    expect(expected.admin.length).toBeGreaterThanOrEqual(200);
    expect(expected.ana.length).toBeGreaterThan(0);
    const cursorsOf = (live: ReturnType<typeof subscriber>) => live.results.map((r) => r.data.boardEvents.cursor as string);
    for (const [group, want] of [[full, expected.admin], [slim, expected.admin], [ana, expected.ana], [bruno, expected.bruno]] as const) {
      for (const live of group) {
        await live.waitFor(want.length, 30_000);
        await new Promise((r) => setTimeout(r, 20));
        expect(cursorsOf(live)).toEqual(want);
      }
    }
    // Four groups (two admin selections, Ana, Bruno), each replayed at most once per event it is
    // woken for, whatever its number of sockets (one replay per socket would be 50 per event);
    // consultants are woken only for their own leads' events.
    const replays = (await routerMetrics(platform.routerInternalUrl)).value(REPLAYS) - replaysBefore;
    expect(replays).toBeLessThanOrEqual(2 * expected.admin.length + expected.ana.length + expected.bruno.length + 4);
  }, 120_000);

  test('closing every socket in the middle of a burst leaves no group, member or Redis channel behind', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const { ids, stages } = await boardWithLeads(tenant, 10);
    const sockets = [
      ...Array.from({ length: 10 }, () => subscriber(platform.wsUrl, { authorization: `Bearer ${admin.token}` }, boardEventsSubscription())),
      ...Array.from({ length: 5 }, () => subscriber(platform.wsUrl, { authorization: `Bearer ${admin.token}` }, SLIM)),
      ...Array.from({ length: 5 }, () => subscriber(platform.wsUrl, { authorization: `Bearer ${consultants[0]!.token}` }, boardEventsSubscription())),
    ];
    onTestFinished(() => closeAll(sockets));
    await vi.waitFor(async () => expect((await routerMetrics(platform.routerInternalUrl)).value('leadwire_router_subscriptions_active')).toBe(20), { timeout: 15_000 });
    const moving = burst(admin.call, ids, stages, 100);
    await sockets[0]!.waitFor(5, 20_000);
    await Promise.all(sockets.map((s) => s.close()));
    await moving;

    const redis = new Redis(platform.env.REDIS_URL);
    try {
      await vi.waitFor(async () => {
        const metrics = await routerMetrics(platform.routerInternalUrl);
        expect(metrics.value('leadwire_router_subscriptions_active')).toBe(0);
        expect(metrics.value('leadwire_router_subscription_groups_active')).toBe(0);
        const listening = (await redis.pubsub('NUMSUB', `board:${tenant.workspaceId}`, `assignments:${tenant.workspaceId}`)) as Array<string | number>;
        expect(listening.filter((_, i) => i % 2 === 1).map(Number)).toEqual([0, 0]);
      }, { timeout: 10_000, interval: 100 });
    } finally {
      redis.disconnect();
    }
  }, 120_000);

  test('two routers on one Redis both deliver every event to their own sockets', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const second = await startExtraRouter(platform);
    try {
      const { ids, stages } = await boardWithLeads(tenant, 8);
      await quietOutbox(platform.routerInternalUrl);
      const start = await head(admin.call);
      const on = (wsUrl: string, token: string) => subscriber(wsUrl, { authorization: `Bearer ${token}` }, boardEventsSubscription(start));
      const first = [on(platform.wsUrl, admin.token), on(platform.wsUrl, consultants[0]!.token)];
      const other = [on(second.wsUrl, admin.token), on(second.wsUrl, consultants[0]!.token)];
      onTestFinished(() => closeAll([...first, ...other]));
      for (const url of [platform.routerInternalUrl, second.routerInternalUrl]) {
        await vi.waitFor(async () => expect((await routerMetrics(url)).value('leadwire_router_subscriptions_active')).toBe(2), { timeout: 15_000 });
      }
      await burst(admin.call, ids, stages, 40, 4);
      const wantAdmin = await logAfter(admin.call, start);
      const wantAna = await logAfter(consultants[0]!.call, start);
      expect(wantAdmin.length).toBeGreaterThanOrEqual(40);
      for (const [live, want] of [[first[0]!, wantAdmin], [other[0]!, wantAdmin], [first[1]!, wantAna], [other[1]!, wantAna]] as const) {
        await live.waitFor(want.length, 20_000);
        expect(live.results.map((r) => r.data.boardEvents.cursor)).toEqual(want);
      }
      // Each router replayed for its own sockets.
      for (const url of [platform.routerInternalUrl, second.routerInternalUrl]) {
        expect((await routerMetrics(url)).value(REPLAYS, { field: 'boardEventsSince' })).toBeGreaterThan(0);
      }
    } finally {
      await second.close();
    }
  }, 120_000);
});
