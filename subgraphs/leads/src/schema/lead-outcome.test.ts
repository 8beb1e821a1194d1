import { randomUUID } from 'node:crypto';
import { sqlStatements } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { bulkLoad } from '../test/board-rows.ts';
import { env, testInOwnDatabase } from '../test/fixtures.ts';
import { board, boardCursor, boardEventsSince, createLead, deleteLead, moveLead, updateStage } from '../test/operations.ts';

// Thousands of notices no router will take: kept out of the shared database's outbox.
const test = testInOwnDatabase('lead_outcome');

type Stage = { id: string; kind: string; name: string };
type Call = (op: { query: string; variables?: Record<string, unknown> }) => Promise<any>;

const stagesOf = async (call: Call): Promise<Stage[]> => (await call(board())).data.board.columns.map((c: { stage: Stage }) => c.stage);

describe('stage outcomes for assignment', () => {
  test('a move into or out of WON or LOST writes one notice in the move’s transaction, with its board cursor', async ({ subgraph, workspace }) => {
    const id = (await workspace.call(createLead({ name: 'Closer' }))).data.createLead.id;
    const stages = await stagesOf(workspace.call);
    const [open1, open2] = stages.filter((s) => s.kind === 'OPEN');
    const won = stages.find((s) => s.kind === 'WON')!;
    const lost = stages.find((s) => s.kind === 'LOST')!;
    const notices = () =>
      subgraph.prisma.outbox.findMany({ where: { topic: 'lead.outcome', payload: { path: ['leadId'], equals: id } }, orderBy: { id: 'asc' } });
    // Between open stages, and within a closed one, assignment has nothing to hear.
    await workspace.call(moveLead(id, open2!.id, 0));
    expect(await notices()).toHaveLength(0);
    for (const stage of [won, won, lost, open1!]) expect((await workspace.call(moveLead(id, stage.id, 0))).errors).toBeUndefined();
    const moves = (await workspace.call(boardEventsSince(null))).data.boardEventsSince.filter((e: { type: string; leadId: string }) => e.type === 'MOVED' && e.leadId === id);
    const payloads = (await notices()).map((n) => n.payload);
    expect(payloads).toEqual([
      { workspaceId: workspace.id, leadId: id, outcome: 'WON', cursor: moves[1].cursor },
      { workspaceId: workspace.id, leadId: id, outcome: 'LOST', cursor: moves[3].cursor },
      { workspaceId: workspace.id, leadId: id, outcome: 'REOPENED', cursor: moves[4].cursor },
    ]);
  });

  test('a stage changing kind writes a notice for each of its leads, ordered after every move before it and before every move after', async ({ subgraph, workspace }) => {
    const stages = await stagesOf(workspace.call);
    const [intake, second] = stages.filter((s) => s.kind === 'OPEN');
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) ids.push((await workspace.call(createLead({ name, stageId: second!.id }))).data.createLead.id);
    const elsewhere = (await workspace.call(createLead({ name: 'Elsewhere', stageId: intake!.id }))).data.createLead.id;
    await workspace.call(moveLead(ids[0]!, second!.id, 2));
    const before = BigInt((await workspace.call(boardCursor())).data.boardCursor);
    const notices = async () =>
      (await subgraph.prisma.outbox.findMany({ where: { topic: 'lead.outcome', payload: { path: ['workspaceId'], equals: workspace.id } }, orderBy: { id: 'asc' } })).map(
        (n) => n.payload as { workspaceId: string; leadId: string; outcome: string; cursor: string },
      );

    // A rename leaves the kind as it was: nothing for assignment.
    expect((await workspace.call(updateStage(second!.id, { name: 'Renamed' }))).errors).toBeUndefined();
    expect((await workspace.call(updateStage(second!.id, { name: 'Renamed', kind: 'OPEN' }))).errors).toBeUndefined();
    expect(await notices()).toEqual([]);

    const won = await workspace.call(updateStage(second!.id, { name: 'Won now', kind: 'WON' }));
    expect(won.data.updateStage).toMatchObject({ id: second!.id, kind: 'WON' });
    const first = await notices();
    expect(first.map((n) => n.leadId).sort()).toEqual([...ids].sort());
    expect(new Set(first.map((n) => n.outcome))).toEqual(new Set(['WON']));
    const stamp = first[0]!.cursor;
    expect(first.every((n) => n.cursor === stamp)).toBe(true);
    expect(BigInt(stamp)).toBeGreaterThan(before);
    // The next move of one of its leads is newer than the stage change.
    await workspace.call(moveLead(ids[1]!, intake!.id, 0));
    const [moved] = (await workspace.call(boardEventsSince(String(before)))).data.boardEventsSince.filter((e: { type: string }) => e.type === 'MOVED');
    expect(BigInt(moved.cursor)).toBeGreaterThan(BigInt(stamp));
    expect(first.some((n) => n.leadId === elsewhere)).toBe(false);
    // Leaving the stage, now WON, for an open one reopens that lead by itself.
    const afterMove = await notices();
    expect(afterMove.slice(first.length)).toEqual([{ workspaceId: workspace.id, leadId: ids[1], outcome: 'REOPENED', cursor: moved.cursor }]);

    // WON → LOST, then back to OPEN: each for the leads there now, newer each time.
    await workspace.call(updateStage(second!.id, { name: 'Lost now', kind: 'LOST' }));
    await workspace.call(updateStage(second!.id, { name: 'Open again', kind: 'OPEN' }));
    const later = (await notices()).slice(afterMove.length);
    const stillThere = [ids[0]!, ids[2]!].sort();
    expect(later.filter((n) => n.outcome === 'LOST').map((n) => n.leadId).sort()).toEqual(stillThere);
    expect(later.filter((n) => n.outcome === 'REOPENED').map((n) => n.leadId).sort()).toEqual(stillThere);
    const [lostAt, reopenedAt] = ['LOST', 'REOPENED'].map((o) => BigInt(later.find((n) => n.outcome === o)!.cursor));
    expect(lostAt).toBeGreaterThan(BigInt(moved.cursor));
    expect(reopenedAt).toBeGreaterThan(lostAt!);
    expect(later).toHaveLength(4);
  });

  test('the notices are one statement, however many leads the stage holds', async ({ subgraph, workspace }) => {
    const stages = await stagesOf(workspace.call);
    const [, small, large] = stages.filter((s) => s.kind === 'OPEN');
    const seed = (await workspace.call(createLead({ name: 'Seed', stageId: small!.id }))).data.createLead.id;
    const row = await subgraph.prisma.lead.findUniqueOrThrow({ where: { id: seed } });
    await bulkLoad(subgraph.prisma, { workspaceId: workspace.id, pipelineId: row.pipelineId, stageId: small!.id }, 2, { firstKey: 10 });
    await bulkLoad(subgraph.prisma, { workspaceId: workspace.id, pipelineId: row.pipelineId, stageId: large!.id }, 3000);
    const statementsFor = async (stageId: string) => {
      const before = sqlStatements.count;
      expect((await workspace.call(updateStage(stageId, { name: 'Closed', kind: 'LOST' }))).errors).toBeUndefined();
      return sqlStatements.count - before;
    };
    const few = await statementsFor(small!.id);
    const many = await statementsFor(large!.id);
    expect(many).toBe(few);
    const [noticed] = await subgraph.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "Outbox" WHERE "topic" = 'lead.outcome' AND "payload"->>'workspaceId' = ${workspace.id}`;
    expect(noticed!.n).toBe(3 + 3000);
  });

  test('a refused stage change writes no notice', async ({ subgraph, workspace }) => {
    const stages = await stagesOf(workspace.call);
    const open = stages.filter((s) => s.kind === 'OPEN');
    const id = (await workspace.call(createLead({ name: 'Stays', stageId: open[0]!.id }))).data.createLead.id;
    const badColor = await workspace.call(updateStage(open[0]!.id, { name: 'X', kind: 'WON', color: 'green' }));
    expect(badColor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.color' });
    // The last OPEN stage may not close: every other one does first (they are empty).
    for (const s of open.slice(1)) expect((await workspace.call(updateStage(s.id, { name: s.name, kind: 'WON' }))).errors).toBeUndefined();
    const last = await workspace.call(updateStage(open[0]!.id, { name: 'X', kind: 'LOST' }));
    expect(last.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    const unknown = await workspace.call(updateStage(randomUUID(), { name: 'X', kind: 'WON' }));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stageId' });
    expect(await subgraph.prisma.outbox.count({ where: { topic: 'lead.outcome', payload: { path: ['leadId'], equals: id } } })).toBe(0);
    expect((await subgraph.prisma.pipelineStage.findUniqueOrThrow({ where: { id: open[0]!.id } })).kind).toBe('OPEN');
  });
});

describe('deleted leads for assignment', () => {
  test('deleting a lead writes a DELETED notice with its DELETED event’s cursor, whatever its stage', async ({ subgraph, workspace }) => {
    const stages = await stagesOf(workspace.call);
    const won = stages.find((s) => s.kind === 'WON')!;
    const open = (await workspace.call(createLead({ name: 'Open one' }))).data.createLead.id;
    const closed = (await workspace.call(createLead({ name: 'Won one', stageId: won.id }))).data.createLead.id;
    const before = (await workspace.call(boardCursor())).data.boardCursor;
    for (const id of [open, closed]) expect((await workspace.call(deleteLead(id))).data.deleteLead).toBe(id);
    const deletions = (await workspace.call(boardEventsSince(before))).data.boardEventsSince.filter((e: { type: string }) => e.type === 'DELETED');
    const notices = await subgraph.prisma.outbox.findMany({
      where: { topic: 'lead.outcome', payload: { path: ['workspaceId'], equals: workspace.id } },
      orderBy: { id: 'asc' },
    });
    expect(notices.map((n) => n.payload)).toEqual([
      { workspaceId: workspace.id, leadId: open, outcome: 'DELETED', cursor: deletions[0].cursor },
      { workspaceId: workspace.id, leadId: closed, outcome: 'DELETED', cursor: deletions[1].cursor },
    ]);
  });

  test('a refused deletion writes no notice', async ({ subgraph, workspace }) => {
    const id = (await workspace.call(createLead({ name: 'Kept' }))).data.createLead.id;
    const stranger = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'MANAGER' } as const;
    const foreign = await callSubgraph<any>(subgraph, env.ROUTER_SIGNING_SECRET, stranger, deleteLead(id));
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const malformed = await workspace.call(deleteLead('lead-1'));
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await subgraph.prisma.lead.count({ where: { id } })).toBe(1);
    expect(await subgraph.prisma.outbox.count({ where: { topic: 'lead.outcome', payload: { path: ['leadId'], equals: id } } })).toBe(0);
  });
});
