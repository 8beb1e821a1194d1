import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateAll } from '../../../../scripts/migrate.ts';
import { provisionWorkspace, startAssignmentSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import { assignLead, unassignLead, updateUser } from '../test/operations.ts';
import { startRouterDouble } from '../test/router-double.ts';

// Outbox relays in every process drain the whole table, so this file gets a
// database of its own: only its relay, and its router double, see these rows.
const url = new URL(env.DATABASE_URL);
url.pathname = `${url.pathname}_outbox`;

let router: Awaited<ReturnType<typeof startRouterDouble>>;
let subgraph: Awaited<ReturnType<typeof startAssignmentSubgraph>>;
let workspaceId: string;
let manager: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let admin: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let consultantId: string;

beforeAll(async () => {
  await migrateAll(url.toString());
  router = await startRouterDouble(env.ROUTER_SIGNING_SECRET);
  subgraph = await startAssignmentSubgraph({ env: { ...env, DATABASE_URL: url.toString(), ROUTER_URL: router.url }, port: 0 });
  const tag = randomUUID().slice(0, 8);
  const made = await provisionWorkspace(subgraph.prisma, {
    name: `Outbox ${tag}`,
    admin: { name: 'Ada Admin', email: `outbox-admin-${tag}@example.com`, password: 'correct horse battery' },
    users: [
      { name: 'Mia Manager', email: `outbox-manager-${tag}@example.com`, password: 'correct horse battery', role: 'MANAGER' },
      { name: 'Cleo Consultant', email: `outbox-consultant-${tag}@example.com`, password: 'correct horse battery', role: 'CONSULTANT' },
    ],
  });
  workspaceId = made.workspace.id;
  consultantId = made.users[1]!.id;
  const as = (identity: Identity) => (op: Operation) => callSubgraph<any>(subgraph, env.ROUTER_SIGNING_SECRET, identity, op);
  manager = as({ kind: 'user', workspaceId, userId: made.users[0]!.id, role: 'MANAGER' });
  admin = as({ kind: 'user', workspaceId, userId: made.admin.id, role: 'ADMIN' });
}, 60_000);

afterAll(async () => {
  await subgraph?.close();
  await router?.close();
});

const newLead = () => {
  const id = randomUUID();
  router.addLead(workspaceId, id);
  return id;
};
const rowsFor = (leadId: string) => subgraph.prisma.outbox.findMany({ where: { payload: { path: ['leadId'], equals: leadId } } });

describe('assignment outbox', () => {
  it('every change of assignee reaches the board through the router, once, as this service', async () => {
    const leadId = newLead();
    expect((await manager(assignLead(leadId, consultantId))).errors).toBeUndefined();
    expect((await manager(unassignLead(leadId))).data.unassignLead).toBe(true);
    await vi.waitFor(() => expect(router.touched.filter((t) => t.leadId === leadId)).toHaveLength(2), { timeout: 10_000 });
    expect(router.touched.find((t) => t.leadId === leadId)).toEqual({ workspaceId, leadId, kind: 'service' });
    const rows = await rowsFor(leadId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.deliveredAt !== null && r.attempts === 1)).toBe(true);
  });

  it('keeps what it could not deliver and delivers it when the router is back', async () => {
    const leadId = newLead();
    router.failNextTouches(2);
    expect((await manager(assignLead(leadId, consultantId))).errors).toBeUndefined();
    await vi.waitFor(() => expect(router.touched.some((t) => t.leadId === leadId)).toBe(true), { timeout: 20_000, interval: 200 });
    const [row] = await rowsFor(leadId);
    expect(row!.attempts).toBe(3);
    expect(row!.deliveredAt).not.toBeNull();
    expect(row!.lastError).toMatch(/503/);
  });

  it('writes nothing to the outbox when the assignment itself is refused', async () => {
    const leadId = newLead();
    await admin(updateUser(consultantId, { active: false }));
    const refused = await manager(assignLead(leadId, consultantId));
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowsFor(leadId)).toHaveLength(0);
  });
});
