import { describe, expect, vi } from 'vitest';
import { ok } from '../test/client.ts';
import { test } from '../test/fixtures.ts';
import { addMember } from '../test/members.ts';
import { assignLead, board, boardEventsSubscription, createLead, moveLead } from '../test/operations.ts';
import { routerMetrics, settled } from '../test/router-metrics.ts';
import { subscriber } from '../test/ws-client.ts';

const REPLAYS = 'leadwire_router_subscription_replays_total';
const boardReplays = async (internalUrl: string) => (await routerMetrics(internalUrl)).value(REPLAYS, { field: 'boardEventsSince' });
const head = async (call: (op: any) => Promise<any>) => (await ok(call({ query: '{ boardCursor }' }))).boardCursor as string;
/** Waits until `count` subscriptions are open on the router and their first replays are done. */
async function joined(internalUrl: string, count: number) {
  await vi.waitFor(async () => {
    expect((await routerMetrics(internalUrl)).value('leadwire_router_subscriptions_active')).toBe(count);
  }, { timeout: 10_000, interval: 50 });
  await settled(internalUrl, REPLAYS);
}
const stagesOf = async (call: (op: any) => Promise<any>) => (await ok(call(board(1)))).board.columns.map((c: any) => c.stage.id as string);

describe('subscriptions that would receive the same results share one replay', () => {
  test('two managers with the same selection cost one gateway execution per event; an admin is a group of its own', async ({ platform, tenant }) => {
    const [maria, marta] = [await addMember(platform, tenant, 'MANAGER', 'Maria'), await addMember(platform, tenant, 'MANAGER', 'Marta')];
    const leadId = (await ok(tenant.admin.call(createLead({ name: 'Shared replay' })))).createLead.id;
    const stages = await stagesOf(tenant.admin.call);
    const start = await head(tenant.admin.call);
    const managers = [maria, marta].map((m) => subscriber(platform.wsUrl, { authorization: `Bearer ${m.token}` }, boardEventsSubscription(start)));
    await joined(platform.routerInternalUrl, 2);

    const before = await boardReplays(platform.routerInternalUrl);
    for (let i = 1; i <= 3; i++) {
      await ok(tenant.admin.call(moveLead(leadId, stages[i % stages.length]!, 0)));
      for (const live of managers) await live.waitFor(i);
    }
    await settled(platform.routerInternalUrl, REPLAYS);
    expect((await boardReplays(platform.routerInternalUrl)) - before).toBe(3);
    for (const live of managers) expect(live.results.map((r) => r.data.boardEvents.type)).toEqual(['MOVED', 'MOVED', 'MOVED']);
    expect(managers[0]!.results).toEqual(managers[1]!.results);

    // Same selection, another role: another class, another replay per event.
    const admin = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.admin.token}` }, boardEventsSubscription(await head(tenant.admin.call)));
    await joined(platform.routerInternalUrl, 3);
    const withAdmin = await boardReplays(platform.routerInternalUrl);
    await ok(tenant.admin.call(moveLead(leadId, stages[0]!, 0)));
    await admin.waitFor(1);
    for (const live of managers) await live.waitFor(4);
    await settled(platform.routerInternalUrl, REPLAYS);
    expect((await boardReplays(platform.routerInternalUrl)) - withAdmin).toBe(2);
    expect((await routerMetrics(platform.routerInternalUrl)).value('leadwire_router_subscription_groups_active', { field: 'boardEventsSince' })).toBe(2);
    for (const live of [...managers, admin]) await live.close();
  });

  test('a consultant’s group replays nothing for leads they cannot see, and still gets their own, newly assigned ones included', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const ana = consultants[0]!;
    const [mine, other, later] = await Promise.all(['Mine', 'Not mine', 'Soon mine'].map(async (name) => (await ok(admin.call(createLead({ name })))).createLead.id as string));
    await ok(admin.call(assignLead(mine, ana.id)));
    await ok(admin.call(assignLead(other, consultants[1]!.id)));
    // Assignments reach the board log through an outbox: start after their events.
    await vi.waitFor(async () => {
      const log = await ok(admin.call({ query: '{ boardEventsSince(first: 500) { type } }' }));
      expect(log.boardEventsSince.filter((e: { type: string }) => e.type === 'UPDATED')).toHaveLength(2);
    });
    const stages = await stagesOf(admin.call);
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${ana.token}` }, boardEventsSubscription(await head(ana.call)));
    await joined(platform.routerInternalUrl, 1);

    const metricsBefore = await routerMetrics(platform.routerInternalUrl);
    const filteredBefore = metricsBefore.value('leadwire_router_subscription_filtered_total');
    const replaysBefore = metricsBefore.value(REPLAYS, { field: 'boardEventsSince' });
    for (let i = 1; i <= 3; i++) {
      await ok(admin.call(moveLead(other, stages[i % stages.length]!, 0)));
      await vi.waitFor(async () => {
        expect((await routerMetrics(platform.routerInternalUrl)).value('leadwire_router_subscription_filtered_total') - filteredBefore).toBe(i);
      });
    }
    expect((await boardReplays(platform.routerInternalUrl)) - replaysBefore).toBe(0);

    await ok(admin.call(moveLead(mine, stages[1]!, 0)));
    const [first] = await live.waitFor(1);
    expect(first!.data.boardEvents).toMatchObject({ type: 'MOVED', leadId: mine });
    await settled(platform.routerInternalUrl, REPLAYS);
    expect((await boardReplays(platform.routerInternalUrl)) - replaysBefore).toBe(1);

    // Assigned to her now: the assignment's own board event reaches her, and so do later moves.
    await ok(admin.call(assignLead(later, ana.id)));
    await live.waitFor(2);
    await ok(admin.call(moveLead(later, stages[2]!, 0)));
    const events = await live.waitFor(3);
    expect(events.slice(1).map((r) => [r.data.boardEvents.type, r.data.boardEvents.leadId])).toEqual([
      ['UPDATED', later],
      ['MOVED', later],
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(live.results.map((r) => r.data.boardEvents.leadId)).not.toContain(other);
    await live.close();
  });
});
