import pg from 'pg';
import { describe, expect, vi } from 'vitest';
import { ok, type Result } from '../test/client.ts';
import { distributeLead, serviceCaller, updateUser } from '../test/distribution.ts';
import { createTenant, test, TENANT_PASSWORD, type Tenant } from '../test/fixtures.ts';
import type { Platform } from '../test/platform.ts';
import { createLead, createUser, moveLead } from '../test/operations.ts';
import { subscriber } from '../test/ws-client.ts';

/**
 * `n` leads of the workspace. The first is created through the API, which
 * gives the workspace its pipeline; the rest are copies of it below it in its
 * stage, written in one statement: creating a lead through the API rewrites
 * its column's positions, so a thousand of them would take minutes, and the
 * subject here is distribution, which sees them only through the API.
 */
async function bulkLeads(platform: Platform, tenant: Tenant, n: number): Promise<string[]> {
  const first = (await ok(tenant.admin.call(createLead({ name: 'Lead 0', phone: '+5511987650000' })))).createLead.id as string;
  const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `INSERT INTO "leads"."Lead" ("id", "workspaceId", "pipelineId", "stageId", "position", "name", "source", "tags", "updatedAt")
       SELECT gen_random_uuid(), l."workspaceId", l."pipelineId", l."stageId", l."position" + g, 'Lead ' || g, 'API', '{}', now()
       FROM "leads"."Lead" l, generate_series(1, $2::int - 1) g WHERE l."id" = $1::uuid
       RETURNING "id"`,
      [first, n],
    );
    return [first, ...rows.map((r) => r.id as string)];
  } finally {
    await db.end();
  }
}

const BOARD_EVENTS = 'query($after: String) { boardEventsSince(after: $after, first: 500) { cursor type leadId } }';

/** Board notices assignment has not delivered to leads yet. */
async function undelivered(platform: Platform, workspaceId: string): Promise<number> {
  const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "assignment"."Outbox" WHERE "deliveredAt" IS NULL AND "payload"->>'workspaceId' = $1`, [workspaceId]);
    return rows[0].n;
  } finally {
    await db.end();
  }
}

const usersOf = (tenant: Tenant) =>
  ok(tenant.admin.call({ query: '{ users(role: CONSULTANT) { id name openLeadCount available capacity } }' })).then(
    (d) => d.users as Array<{ id: string; name: string; openLeadCount: number }>,
  );

const setup = (tenant: Tenant, op: { query: string; variables?: Record<string, unknown> }) => ok(tenant.admin.call(op));
const setAvailability = (userId: string, available: boolean) => ({
  query: 'mutation($u: ID!, $a: Boolean!) { setAvailability(userId: $u, available: $a) { id available } }',
  variables: { u: userId, a: available },
});

const LEADS = 301;

describe('lead distribution through the router', () => {
  // The 1,000 leads go through real qualification workers in
  // qualification-at-scale.test.ts; here the API itself, at a third of that.
  test('301 leads from 4 parallel callers: 100 or 101 each, none twice, none lost, none to the unavailable', { timeout: 240_000 }, async ({ platform, tenant }) => {
    const [ana, bruno] = tenant.consultants;
    const carla = (await setup(tenant, createUser({ name: 'Carla', email: `carla-${tenant.workspaceId}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT', capacity: 400 })))
      .createUser.id as string;
    const away = (await setup(tenant, createUser({ name: 'Away', email: `away-${tenant.workspaceId}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT', capacity: 400 })))
      .createUser.id as string;
    await setup(tenant, setAvailability(away, false));
    for (const { id } of [ana!, bruno!]) await setup(tenant, updateUser(id, { capacity: 400 }));
    const service = serviceCaller(platform, tenant.workspaceId);
    const leads = await bulkLeads(platform, tenant, LEADS);
    expect(new Set(leads).size).toBe(LEADS);

    const results: Array<Result & { leadId: string }> = [];
    const callers = Array.from({ length: 4 }, async (_, c) => {
      for (let i = c; i < leads.length; i += 4) {
        results.push({ leadId: leads[i]!, ...(await service(distributeLead(leads[i]!, i % 2 ? 'VEHICLE' : 'REAL_ESTATE'))) });
      }
    });
    await Promise.all(callers);

    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.data.distributeLead.status === 'ASSIGNED' && r.data.distributeLead.created)).toBe(true);
    expect(results.every((r) => r.data.distributeLead.lead.id === r.leadId && r.data.distributeLead.assignment.reason === 'ROUND_ROBIN')).toBe(true);
    expect(new Set(results.map((r) => r.leadId)).size).toBe(LEADS);
    expect(new Set(results.map((r) => r.data.distributeLead.assignment.id)).size).toBe(LEADS);
    const perConsultant = new Map<string, number>();
    for (const r of results) perConsultant.set(r.data.distributeLead.consultant.id, (perConsultant.get(r.data.distributeLead.consultant.id) ?? 0) + 1);
    expect([...perConsultant.keys()].sort()).toEqual([ana!.id, bruno!.id, carla].sort());
    expect([...perConsultant.values()].sort()).toEqual([100, 100, 101]);
    // What the subgraph holds agrees with what the callers were told.
    const users = await usersOf(tenant);
    expect(Object.fromEntries(users.map((u) => [u.id, u.openLeadCount]))).toEqual({ ...Object.fromEntries(perConsultant), [away]: 0 });
    // Every assignment reached the board (assignment's outbox → leads' touchLead), so it streamed to board subscribers.
    await vi.waitFor(async () => expect(await undelivered(platform, tenant.workspaceId)).toBe(0), { timeout: 120_000, interval: 250 });
    const touched = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page: Array<{ cursor: string; type: string; leadId: string }> = (await ok(tenant.admin.call({ query: BOARD_EVENTS, variables: { after } })))
        .boardEventsSince;
      if (!page.length) break;
      for (const e of page) if (e.type === 'UPDATED') touched.add(e.leadId);
      after = page.at(-1)!.cursor;
    }
    expect(touched).toEqual(new Set(leads));
    // A retry moves nothing.
    const again = await ok(service(distributeLead(leads[0]!, 'VEHICLE')));
    expect(again.distributeLead).toMatchObject({ created: false, consultant: { id: results.find((r) => r.leadId === leads[0])!.data.distributeLead.consultant.id } });
  });

  test('small capacities: the surplus waits, and goes oldest first to whoever comes online or closes a lead', async ({ platform, tenant }) => {
    const [ana, bruno] = tenant.consultants;
    await setup(tenant, updateUser(ana!.id, { capacity: 2 }));
    await setup(tenant, updateUser(bruno!.id, { capacity: 1 }));
    const carla = (await setup(tenant, createUser({ name: 'Carla', email: `carla-${tenant.workspaceId}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT', capacity: 2 })))
      .createUser.id as string;
    await setup(tenant, setAvailability(carla, false));
    const service = serviceCaller(platform, tenant.workspaceId);
    const leads = await bulkLeads(platform, tenant, 8);
    const placed = (await Promise.all(leads.map((id) => ok(service(distributeLead(id, 'VEHICLE')))))).map((d, i) => ({
      leadId: leads[i]!,
      ...d.distributeLead,
    }));
    const assigned = placed.filter((p) => p.status === 'ASSIGNED');
    expect(assigned.map((p) => p.consultant.id).sort()).toEqual([ana!.id, ana!.id, bruno!.id].sort());
    // The surplus waits, each once, in the order it arrived.
    const waiting = placed.filter((p) => p.status === 'WAITING').sort((a, b) => a.queuePosition - b.queuePosition);
    expect(waiting.map((w) => w.queuePosition)).toEqual([1, 2, 3, 4, 5]);
    const queue = async () => (await ok(tenant.admin.call({ query: '{ waitingLeads { lead { id } position } }' }))).waitingLeads;
    expect(await queue()).toEqual(waiting.map((w, i) => ({ lead: { id: w.leadId }, position: i + 1 })));

    const holderOf = async (id: string) =>
      (await ok(tenant.admin.call({ query: 'query($id: ID!) { lead(id: $id) { assignee { id } assignmentHistory { reason endReason } } }', variables: { id } }))).lead;
    // Carla comes online: the two oldest are hers.
    await setup(tenant, setAvailability(carla, true));
    for (const w of waiting.slice(0, 2)) expect(await holderOf(w.leadId)).toEqual({ assignee: { id: carla }, assignmentHistory: [{ reason: 'QUEUE_DRAINED', endReason: null }] });

    // Ana hears of her next lead by subscription.
    const after = (await ok(ana!.call({ query: '{ myAssignmentCursor }' }))).myAssignmentCursor as string;
    const feed = subscriber(platform.wsUrl, { authorization: `Bearer ${ana!.token}` }, {
      query: 'subscription($after: String) { myAssignments(after: $after) { reason lead { id } user { id } } }',
      variables: { after },
    });
    try {
      const won = (await ok(tenant.admin.call({ query: '{ board { columns { stage { id kind } } } }' }))).board.columns.find(
        (c: { stage: { kind: string } }) => c.stage.kind === 'WON',
      ).stage.id;
      const closing = assigned.find((p) => p.consultant.id === ana!.id)!;
      await ok(tenant.admin.call(moveLead(closing.leadId, won, 0)));
      // The WON stage frees Ana's slot, and the oldest waiting lead takes it.
      await vi.waitFor(async () => expect((await holderOf(waiting[2]!.leadId)).assignee).toEqual({ id: ana!.id }), { timeout: 10_000, interval: 100 });
      expect(await holderOf(closing.leadId)).toEqual({ assignee: { id: ana!.id }, assignmentHistory: [{ reason: 'ROUND_ROBIN', endReason: 'WON' }] });
      const [event] = await feed.waitFor(1);
      expect(event!.data.myAssignments).toEqual({ reason: 'QUEUE_DRAINED', lead: { id: waiting[2]!.leadId }, user: { id: ana!.id } });
    } finally {
      await feed.close();
    }
    expect((await usersOf(tenant)).find((u) => u.id === ana!.id)!.openLeadCount).toBe(2);
    expect(await queue()).toEqual(waiting.slice(3).map((w, i) => ({ lead: { id: w.leadId }, position: i + 1 })));
  });

  test('bad input names the field and writes nothing', async ({ platform, tenant }) => {
    const service = serviceCaller(platform, tenant.workspaceId);
    const mine = (await ok(tenant.admin.call(createLead({ name: 'Mine', phone: '+5511987650901' })))).createLead.id;
    const other = await createTenant(platform);
    const theirs = (await ok(other.admin.call(createLead({ name: 'Theirs', phone: '+5511987650902' })))).createLead.id;
    const unknown = await service(distributeLead('00000000-0000-4000-8000-000000000000', 'VEHICLE'));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const foreign = await service(distributeLead(theirs, 'VEHICLE'));
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const badLine = await service(distributeLead(mine, 'BOAT'));
    expect(badLine.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badLine.errors?.[0]?.message).toMatch(/productLine/);
    // Only admins and services distribute.
    expect((await tenant.consultants[0]!.call(distributeLead(mine, 'VEHICLE'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const view = await ok(tenant.admin.call({ query: 'query($id: ID!) { lead(id: $id) { assignee { id } assignmentHistory { id } } }', variables: { id: mine } }));
    expect(view.lead).toEqual({ assignee: null, assignmentHistory: [] });
    expect((await ok(tenant.admin.call({ query: '{ waitingLeads { lead { id } } }' }))).waitingLeads).toEqual([]);
    const theirView = await ok(other.admin.call({ query: 'query($id: ID!) { lead(id: $id) { assignee { id } } }', variables: { id: theirs } }));
    expect(theirView.lead.assignee).toBeNull();
  });
});
