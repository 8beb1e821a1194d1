import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { board, boardEventsSince, createLead, moveLead } from '../test/operations.ts';

type Column = { stage: { id: string; kind: string }; count: number; leads: Array<{ id: string; position: number }> };

const columnsOf = async (call: (op: any) => Promise<any>): Promise<Column[]> => (await call(board(200))).data.board.columns;

function expectDense(columns: Column[]) {
  for (const column of columns) {
    expect(column.leads.map((l) => l.position)).toEqual(column.leads.map((_, i) => i));
    expect(column.leads).toHaveLength(column.count);
  }
}

describe('moveLead', () => {
  test('moves within and between stages keeping positions dense', async ({ workspace }) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await workspace.call(createLead({ name: `Lead ${i}` }))).data.createLead.id);
    const [first, second] = await columnsOf(workspace.call);
    // Newest on top: Lead 4 is at position 0.
    expect(first!.leads[0]!.id).toBe(ids[4]);
    const moved = await workspace.call(moveLead(ids[4]!, first!.stage.id, 3));
    expect(moved.data.moveLead.position).toBe(3);
    await workspace.call(moveLead(ids[0]!, second!.stage.id, 0));
    const after = await columnsOf(workspace.call);
    expect(after[0]!.leads.map((l) => l.id)).toEqual([ids[3], ids[2], ids[1], ids[4]]);
    expect(after[1]!.leads.map((l) => l.id)).toEqual([ids[0]]);
    expectDense(after);
  });

  test('concurrent moves never corrupt the order', async ({ workspace }) => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await workspace.call(createLead({ name: `Lead ${i}` }))).data.createLead.id);
    const stages = (await columnsOf(workspace.call)).map((c) => c.stage.id);
    // 24 moves at once, to random stages and positions, from one client.
    const moves = Array.from({ length: 24 }, (_, i) =>
      workspace.call(moveLead(ids[i % ids.length]!, stages[(i * 7) % stages.length]!, (i * 5) % 9)),
    );
    const results = await Promise.all(moves);
    expect(results.every((r) => !r.errors)).toBe(true);
    const after = await columnsOf(workspace.call);
    expectDense(after);
    expect(after.reduce((n, c) => n + c.count, 0)).toBe(12);
    expect(new Set(after.flatMap((c) => c.leads.map((l) => l.id))).size).toBe(12);
  });

  test('refuses an unknown stage with BAD_USER_INPUT and changes nothing', async ({ workspace }) => {
    const id = (await workspace.call(createLead({ name: 'Stay' }))).data.createLead.id;
    const res = await workspace.call(moveLead(id, '00000000-0000-4000-8000-000000000000', 0));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stageId' });
    const bad = await workspace.call(moveLead(id, 'not-a-uuid', -1));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await columnsOf(workspace.call))[0]!.leads[0]!.id).toBe(id);
  });

  test('every write lands in the event log in commit order', async ({ workspace }) => {
    const a = (await workspace.call(createLead({ name: 'A' }))).data.createLead.id;
    const stages = (await columnsOf(workspace.call)).map((c) => c.stage.id);
    await workspace.call(moveLead(a, stages[2]!, 0));
    const events = (await workspace.call(boardEventsSince(null))).data.boardEventsSince;
    expect(events.map((e: any) => e.type)).toEqual(['CREATED', 'MOVED']);
    const cursors = events.map((e: any) => BigInt(e.cursor));
    expect(cursors[1] > cursors[0]).toBe(true);
    const since = (await workspace.call(boardEventsSince(events[0].cursor))).data.boardEventsSince;
    expect(since.map((e: any) => e.type)).toEqual(['MOVED']);
  });
});
