import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownTestDatabase } from '../../../../scripts/migrate.ts';
import { provisionWorkspace, startAssignmentSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import { assignLead, distributeLead, setAvailability, unassignLead, updateUser } from '../test/operations.ts';
import { startRouterDouble } from '../test/router-double.ts';

// Outbox relays in every process drain the whole table, so this file gets a
// database of its own: only its relay, and its router double, see these rows.
let url: string;

let router: Awaited<ReturnType<typeof startRouterDouble>>;
let subgraph: Awaited<ReturnType<typeof startAssignmentSubgraph>>;
let workspaceId: string;
let manager: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let admin: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let service: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let consultantId: string;

beforeAll(async () => {
  url = await ownTestDatabase(env.DATABASE_URL, 'outbox');
  router = await startRouterDouble(env.ROUTER_SIGNING_SECRET);
  subgraph = await startAssignmentSubgraph({ env: { ...env, DATABASE_URL: url, ROUTER_URL: router.url }, port: 0 });
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
  service = as({ kind: 'service', workspaceId, keyId: 'qualification' });
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
const introductionsFor = async (leadId: string) => (await rowsFor(leadId)).filter((r) => r.topic === 'lead.assigned');

describe('assignment outbox', () => {
  it('every change of assignee reaches the board through the router, once, as this service', async () => {
    const leadId = newLead();
    expect((await manager(assignLead(leadId, consultantId))).errors).toBeUndefined();
    expect((await manager(unassignLead(leadId))).data.unassignLead).toBe(true);
    await vi.waitFor(() => expect(router.touched.filter((t) => t.leadId === leadId)).toHaveLength(2), { timeout: 10_000 });
    expect(router.touched.find((t) => t.leadId === leadId)).toEqual({ workspaceId, leadId, kind: 'service' });
    // The relay records a delivery just after the router has it: wait for the record, not only the call.
    await vi.waitFor(async () => {
      const rows = await rowsFor(leadId);
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.deliveredAt !== null && r.attempts === 1)).toBe(true);
    }, { timeout: 10_000 });
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

  it('a lead distribution places is introduced to its consultant through the router, as this service, once', async () => {
    const leadId = newLead();
    const placed = await service(distributeLead(leadId, 'VEHICLE'));
    expect(placed.data.distributeLead).toMatchObject({ status: 'ASSIGNED', consultant: { id: consultantId } });
    const assignmentId = placed.data.distributeLead.assignment.id;
    const expected = { workspaceId, leadId, assignmentId, consultantName: 'Cleo Consultant' };
    await vi.waitFor(() => expect(router.introduced.filter((i) => i.leadId === leadId)).toEqual([{ ...expected, kind: 'service' }]), { timeout: 10_000 });
    const [row] = await introductionsFor(leadId);
    expect(row!.payload).toEqual(expected);
    await vi.waitFor(async () => expect((await introductionsFor(leadId))[0]!.deliveredAt).not.toBeNull(), { timeout: 10_000 });
    // A retried distribution places nothing new, so it introduces nobody again.
    expect((await service(distributeLead(leadId, 'VEHICLE'))).data.distributeLead.created).toBe(false);
    expect(await introductionsFor(leadId)).toHaveLength(1);
  });

  it('a lead that waited is introduced when the queue hands it out', async () => {
    await manager(setAvailability(false, consultantId));
    const leadId = newLead();
    try {
      expect((await service(distributeLead(leadId, 'REAL_ESTATE'))).data.distributeLead.status).toBe('WAITING');
      expect(await introductionsFor(leadId)).toHaveLength(0);
    } finally {
      expect((await manager(setAvailability(true, consultantId))).errors).toBeUndefined();
    }
    const drained = await subgraph.prisma.assignment.findFirstOrThrow({ where: { leadId } });
    expect(drained).toMatchObject({ reason: 'QUEUE_DRAINED', userId: consultantId });
    await vi.waitFor(
      () => expect(router.introduced.filter((i) => i.leadId === leadId)).toEqual([{ workspaceId, leadId, assignmentId: drained.id, consultantName: 'Cleo Consultant', kind: 'service' }]),
      { timeout: 10_000 },
    );
  });

  it('a person choosing the consultant writes no introduction: the board is told, the lead is not', async () => {
    const leadId = newLead();
    const [other] = await subgraph.prisma.user.findMany({ where: { workspaceId, role: 'MANAGER' } });
    expect((await manager(assignLead(leadId, consultantId))).data.assignLead.reason).toBe('MANUAL');
    expect((await manager(assignLead(leadId, other!.id))).data.assignLead.reason).toBe('HANDOFF');
    const rows = await rowsFor(leadId);
    expect(rows.map((r) => r.topic)).toEqual(['lead.touched', 'lead.touched']);
    await vi.waitFor(() => expect(router.touched.filter((t) => t.leadId === leadId)).toHaveLength(2), { timeout: 10_000 });
    expect(router.introduced.filter((i) => i.leadId === leadId)).toEqual([]);
  });

  it('an assignment that ended before its introduction went out is not introduced', async () => {
    const leadId = newLead();
    router.failNextIntroductions(1);
    expect((await service(distributeLead(leadId, 'VEHICLE'))).data.distributeLead.status).toBe('ASSIGNED');
    await vi.waitFor(async () => expect((await introductionsFor(leadId))[0]!.attempts).toBe(1), { timeout: 10_000, interval: 50 });
    expect((await manager(unassignLead(leadId))).data.unassignLead).toBe(true);
    await vi.waitFor(async () => expect((await introductionsFor(leadId))[0]!.deliveredAt).not.toBeNull(), { timeout: 10_000, interval: 100 });
    expect(router.introduced.filter((i) => i.leadId === leadId)).toEqual([]);
  });

  it('writes nothing to the outbox when the assignment itself is refused', async () => {
    const leadId = newLead();
    await admin(updateUser(consultantId, { active: false }));
    const refused = await manager(assignLead(leadId, consultantId));
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowsFor(leadId)).toHaveLength(0);
  });
});
