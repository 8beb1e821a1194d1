import { describe, expect } from 'vitest';
import { ok } from '../../test/client.ts';
import { test } from '../../test/fixtures.ts';
import { assignLead, board, createLead, lead, moveLead } from '../../test/operations.ts';

const column = async (call: (op: any) => Promise<any>) => {
  const columns = (await ok(call(board(50)))).board.columns;
  return { stageId: columns[0].stage.id as string, cards: columns[0].leads.map((l: any) => ({ name: l.name, position: l.position })) };
};

describe('a consultant’s board counts only what they can see', () => {
  test('positions are dense within the consultant’s cards, and a move by visible position lands there', async ({ tenant }) => {
    const { admin, consultants } = tenant;
    const ana = consultants[0]!;
    // Created newest-on-top: L4 L3 L2 L1 L0.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ok(admin.call(createLead({ name: `L${i}` })))).createLead.id);
    await ok(admin.call(assignLead(ids[1]!, ana.id)));
    await ok(admin.call(assignLead(ids[3]!, ana.id)));

    const seen = await column(ana.call);
    expect(seen.cards).toEqual([
      { name: 'L3', position: 0 },
      { name: 'L1', position: 1 },
    ]);
    expect((await ok(ana.call(lead(ids[1]!)))).lead).toMatchObject({ name: 'L1' });
    const single = await ok(ana.call({ query: 'query($id: ID!) { lead(id: $id) { position } }', variables: { id: ids[1] } }));
    expect(single.lead.position).toBe(1);

    // Ana drags L1 above L3, in her own view: position 0.
    await ok(ana.call(moveLead(ids[1]!, seen.stageId, 0)));
    expect((await column(ana.call)).cards).toEqual([
      { name: 'L1', position: 0 },
      { name: 'L3', position: 1 },
    ]);
    // In the full column it sits just above L3, where she dropped it, not at the very top.
    expect((await column(admin.call)).cards.map((c: any) => c.name)).toEqual(['L4', 'L1', 'L3', 'L2', 'L0']);

    // Dropped past her last card: right after it.
    await ok(ana.call(moveLead(ids[1]!, seen.stageId, 5)));
    expect((await column(admin.call)).cards.map((c: any) => c.name)).toEqual(['L4', 'L3', 'L1', 'L2', 'L0']);
  });
});
