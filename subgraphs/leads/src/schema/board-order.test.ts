import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { CROWDED_SCALE } from '../domain/sort-keys.ts';
import { env, test } from '../test/fixtures.ts';
import { bulkLoad, chunkMismatches, columnsOf, longestKey, rowsWritten, stageOrder } from '../test/board-rows.ts';
import { createLead, ensureWhatsAppLeads, leadPosition, moveLead } from '../test/operations.ts';

describe('board order at scale', () => {
  test('a create or a move in a 10,000-lead stage writes one lead row', { timeout: 120_000 }, async ({ subgraph, workspace }) => {
    const db = subgraph.prisma;
    const seed = (await workspace.call(createLead({ name: 'Seed' }))).data.createLead;
    const stages = (await columnsOf(workspace.call, 1)).map((c) => c.stage.id);
    const [intake, next] = [stages[0]!, stages[1]!];
    await bulkLoad(db, { workspaceId: workspace.id, pipelineId: (await db.lead.findUniqueOrThrow({ where: { id: seed.id } })).pipelineId, stageId: intake }, 9_999);
    const column = await stageOrder(db, intake);
    expect(column).toHaveLength(10_000);
    expect((await columnsOf(workspace.call, 1))[0]!.count).toBe(10_000);

    const created = await rowsWritten(db, workspace.id, () => workspace.call(createLead({ name: 'Newest' })));
    expect(created).toMatchObject({ inserted: 1, updated: 0 });
    expect((created.result as any).data.createLead.position).toBe(0);

    // Moves within the 10,001-card column: to the top, the middle, the end.
    for (const [from, to, expected] of [[7_000, 0, 0], [100, 5_000, 5_000], [3, 100_000, 10_000]] as const) {
      const id = column[from]!;
      const moved = await rowsWritten(db, workspace.id, () => workspace.call(moveLead(id, intake, to)));
      expect(moved).toMatchObject({ inserted: 0, updated: 1, deleted: 0 });
      expect((moved.result as any).data.moveLead.position).toBe(expected);
      expect((await workspace.call(leadPosition(id))).data.lead.position).toBe(expected);
    }
    // Into another stage, and a WhatsApp burst of 50 new numbers at the top of the big one.
    const across = await rowsWritten(db, workspace.id, () => workspace.call(moveLead(column[9_000]!, next, 0)));
    expect(across).toMatchObject({ inserted: 0, updated: 1 });
    const service: Identity = { kind: 'service', workspaceId: workspace.id, keyId: 'connector' };
    const contacts = Array.from({ length: 50 }, (_, i) => ({ phone: `+5511977${String(i).padStart(6, '0')}`, name: `WhatsApp ${i}` }));
    const burst = await rowsWritten(db, workspace.id, () => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, service, ensureWhatsAppLeads(contacts)));
    expect(burst).toMatchObject({ inserted: 50, updated: 0 });
    const top = (await columnsOf(workspace.call, 51))[0]!;
    // Created one after the other at the top: the last one first.
    const idOf = new Map((burst.result as any).data.ensureWhatsAppLeads.map((c: any) => [c.phone, c.leadId]));
    expect(top.leads.slice(0, 50).map((l) => l.id)).toEqual(contacts.map((c) => idOf.get(c.phone)).reverse());
    expect(top.leads.map((l) => l.position)).toEqual(top.leads.map((_, i) => i));
    expect(top.count).toBe(10_000 + 1 + 50 - 1);
    expect(await chunkMismatches(db, workspace.id)).toEqual([]);
  });

  test('splitting one gap again and again respaces its neighbourhood and keeps keys short', { timeout: 120_000 }, async ({ subgraph, workspace }) => {
    const db = subgraph.prisma;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await workspace.call(createLead({ name: `Lead ${i}` }))).data.createLead.id);
    const stages = (await columnsOf(workspace.call, 1)).map((c) => c.stage.id);
    const [intake, other] = [stages[0]!, stages[1]!];
    // Park 120 leads in another stage, then drop each at position 1 of the
    // intake: every key goes between the top card and the one dropped before.
    const parked: string[] = [];
    for (let i = 0; i < 120; i++) {
      const id = (await workspace.call(createLead({ name: `Parked ${i}` }))).data.createLead.id;
      await workspace.call(moveLead(id, other, 0));
      parked.push(id);
    }
    const writes: number[] = [];
    for (const id of parked) {
      const moved = await rowsWritten(db, workspace.id, () => workspace.call(moveLead(id, intake, 1)));
      expect((moved.result as any).data.moveLead.position).toBe(1);
      writes.push(moved.updated);
    }
    // Without respacing the keys would need some 40 digits, more than the column holds.
    expect(await longestKey(db, intake)).toBeLessThanOrEqual(CROWDED_SCALE);
    expect(writes.filter((n) => n > 1).length).toBeGreaterThan(0);
    expect(Math.max(...writes)).toBeLessThanOrEqual(2 * 64 + 1);
    expect(writes.filter((n) => n === 1).length).toBeGreaterThan(writes.length * 0.8);
    const column = (await columnsOf(workspace.call))[0]!;
    expect(column.leads.map((l) => l.id)).toEqual([ids[19], ...[...parked].reverse(), ...ids.slice(0, 19).reverse()]);
    expect(column.leads.map((l) => l.position)).toEqual(column.leads.map((_, i) => i));
  });

  test('rows loaded with equal keys still take a move at the position asked', { timeout: 60_000 }, async ({ subgraph, workspace }) => {
    const db = subgraph.prisma;
    const seed = (await workspace.call(createLead({ name: 'Seed' }))).data.createLead;
    const stages = (await columnsOf(workspace.call, 1)).map((c) => c.stage.id);
    const pipelineId = (await db.lead.findUniqueOrThrow({ where: { id: seed.id } })).pipelineId;
    // 600 rows sharing one key: more than a respacing window holds.
    await bulkLoad(db, { workspaceId: workspace.id, pipelineId, stageId: stages[1]! }, 600, { firstKey: 7, sameKey: true });
    const before = await stageOrder(db, stages[1]!);
    const moved = (await workspace.call(moveLead(seed.id, stages[1]!, 300))).data.moveLead;
    expect(moved.position).toBe(300);
    expect(await stageOrder(db, stages[1]!)).toEqual([...before.slice(0, 300), seed.id, ...before.slice(300)]);
    const dropped = before[450]!;
    expect((await workspace.call(moveLead(dropped, stages[1]!, 10))).data.moveLead.position).toBe(10);
    expect((await stageOrder(db, stages[1]!)).indexOf(dropped)).toBe(10);
  });

  test('another workspace’s cards never count in a position', async ({ subgraph, workspace }) => {
    const mine = (await workspace.call(createLead({ name: 'Mine' }))).data.createLead.id;
    const other: Identity = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' };
    for (let i = 0; i < 3; i++) await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, other, createLead({ name: `Theirs ${i}` }));
    expect((await workspace.call(leadPosition(mine))).data.lead.position).toBe(0);
    const stages = (await columnsOf(workspace.call, 1)).map((c) => c.stage.id);
    expect((await workspace.call(moveLead(mine, stages[0]!, 5))).data.moveLead.position).toBe(0);
  });
});
