import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { board, boardEventsSince, createLead, moveLead } from '../test/operations.ts';

type Stage = { id: string; kind: string };

describe('stage outcomes for assignment', () => {
  test('a move into or out of WON or LOST writes one notice in the move’s transaction, with its board cursor', async ({ subgraph, workspace }) => {
    const id = (await workspace.call(createLead({ name: 'Closer' }))).data.createLead.id;
    const stages: Stage[] = (await workspace.call(board())).data.board.columns.map((c: { stage: Stage }) => c.stage);
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
});
