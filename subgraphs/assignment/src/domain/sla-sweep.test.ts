import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownTestDatabase } from '../../../../scripts/migrate.ts';
import { provisionWorkspace, startAssignmentSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import { distributeLead } from '../test/operations.ts';
import { startRouterDouble } from '../test/router-double.ts';

// Sweeps run over every workspace of their database, so this file, whose
// sweeps run for real on a short window, gets a database of its own.
let url: string;

let router: Awaited<ReturnType<typeof startRouterDouble>>;
let instances: Array<Awaited<ReturnType<typeof startAssignmentSubgraph>>> = [];
let workspaceId: string;
let service: (op: Operation) => ReturnType<typeof callSubgraph<any>>;
let consultants: string[];

beforeAll(async () => {
  url = await ownTestDatabase(env.DATABASE_URL, 'sla');
  router = await startRouterDouble(env.ROUTER_SIGNING_SECRET);
  // Two instances of the subgraph, both sweeping every 100 ms.
  const start = () =>
    startAssignmentSubgraph({ env: { ...env, DATABASE_URL: url, ROUTER_URL: router.url }, port: 0, sla: { windowMs: 400, sweepMs: 100 } });
  instances = [await start(), await start()];
  const tag = randomUUID().slice(0, 8);
  const password = 'correct horse battery';
  const made = await provisionWorkspace(instances[0]!.prisma, {
    name: `SLA ${tag}`,
    admin: { name: 'Ada Admin', email: `sla-admin-${tag}@example.com`, password },
    users: [
      { name: 'Cleo Consultant', email: `sla-c1-${tag}@example.com`, password, role: 'CONSULTANT' },
      { name: 'Caio Consultant', email: `sla-c2-${tag}@example.com`, password, role: 'CONSULTANT' },
    ],
  });
  workspaceId = made.workspace.id;
  consultants = made.users.map((u) => u.id);
  const identity: Identity = { kind: 'service', workspaceId, keyId: 'qualification' };
  service = (op) => callSubgraph<any>(instances[0]!, env.ROUTER_SIGNING_SECRET, identity, op);
}, 60_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
  await router?.close();
});

describe('the SLA sweep each instance runs', () => {
  it('moves an unanswered lead once per window, never twice at once, and stops when nobody is left', async () => {
    const leads: string[] = Array.from({ length: 6 }, () => randomUUID());
    for (const id of leads) {
      router.addLead(workspaceId, id);
      expect((await service(distributeLead(id, 'VEHICLE'))).data.distributeLead.status).toBe('ASSIGNED');
    }
    const prisma = instances[0]!.prisma;
    // Each lead expires on its first consultant, then on the second; with
    // nobody left who has not let it expire, the second keeps it.
    await vi.waitFor(
      async () => expect(await prisma.assignment.count({ where: { workspaceId, leadId: { in: leads }, reason: 'SLA_REASSIGNED', slaDueAt: null } })).toBe(6),
      { timeout: 15_000, interval: 100 },
    );
    for (const id of leads) {
      const periods = await prisma.assignment.findMany({ where: { leadId: id }, orderBy: { seq: 'asc' } });
      expect(periods.map((p) => [p.reason, p.endReason])).toEqual([
        ['ROUND_ROBIN', 'SLA_EXPIRED'],
        ['SLA_REASSIGNED', null],
      ]);
      expect(periods[0]!.userId).not.toBe(periods[1]!.userId);
      expect(consultants).toContain(periods[1]!.userId);
    }
    // Every move reached the board through the outbox.
    await vi.waitFor(() => expect(router.touched.filter((t) => leads.includes(t.leadId))).toHaveLength(12), { timeout: 10_000 });
    // And each lead was introduced to the consultant who took it over, once.
    const moved = await prisma.assignment.findMany({ where: { leadId: { in: leads }, reason: 'SLA_REASSIGNED' }, include: { user: true } });
    await vi.waitFor(
      () => {
        for (const m of moved) {
          expect(router.introduced.filter((i) => i.assignmentId === m.id)).toEqual([
            { workspaceId, leadId: m.leadId, assignmentId: m.id, consultantName: m.user.name, kind: 'service' },
          ]);
        }
      },
      { timeout: 10_000 },
    );
  });
});
