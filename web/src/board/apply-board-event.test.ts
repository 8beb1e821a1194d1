import { describe, expect, it } from 'vitest';
import { applyBoardEvent, syncEvent, type BoardEvent, type BoardSnapshot } from './apply-board-event.ts';
import { board, column, event, ids, lead } from './board-fixtures.ts';
import type { Board } from './board-moves.ts';

function applied(b: Board, e: BoardEvent): Board {
  const result = applyBoardEvent(b, e);
  if (!result.ok) throw new Error(`not applied: ${result.reason}`);
  return result.board;
}

describe('applyBoardEvent', () => {
  const before = board(column('new', [lead('a', 100), lead('b', 50.5)]), column('won', [lead('c', 1000)]));

  it('inserts a created card at its position and counts it', () => {
    const after = applied(before, event({ type: 'CREATED', leadId: 'n', toStageId: 'new', position: 0, lead: lead('n', 20) }));
    expect(ids(after.columns[0]!)).toEqual(['n', 'a', 'b']);
    expect(after.columns[0]).toMatchObject({ count: 3, valueSum: 170.5 });
    expect(after.columns[1]).toBe(before.columns[1]);
  });

  it('moves a card between columns, at its position, with counts and value sums', () => {
    const after = applied(before, event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 1, lead: lead('a', 100) }));
    expect(ids(after.columns[0]!)).toEqual(['b']);
    expect(ids(after.columns[1]!)).toEqual(['c', 'a']);
    expect(after.columns[0]).toMatchObject({ count: 1, valueSum: 50.5 });
    expect(after.columns[1]).toMatchObject({ count: 2, valueSum: 1100 });
  });

  it('reorders inside a column without changing its totals', () => {
    const after = applied(before, event({ type: 'MOVED', leadId: 'b', fromStageId: 'new', toStageId: 'new', position: 0, lead: lead('b', 50.5) }));
    expect(ids(after.columns[0]!)).toEqual(['b', 'a']);
    expect(after.columns[0]).toMatchObject({ count: 2, valueSum: 150.5 });
  });

  it('updates a card in place, and its column sum by the change of its deal value', () => {
    const after = applied(
      before,
      event({ type: 'UPDATED', leadId: 'b', toStageId: 'new', position: 1, lead: { ...lead('b', 80, 'Bia'), assignee: { __typename: 'User', id: 'u', name: 'Ana' } } }),
    );
    expect(ids(after.columns[0]!)).toEqual(['a', 'b']);
    expect(after.columns[0]!.leads[1]).toMatchObject({ name: 'Bia', dealValue: 80, assignee: { name: 'Ana' } });
    expect(after.columns[0]).toMatchObject({ count: 2, valueSum: 180 });
  });

  it('keeps placement fields off the card', () => {
    const after = applied(before, event({ type: 'UPDATED', leadId: 'c', toStageId: 'won', position: 0, lead: lead('c', 1000) }));
    expect(after.columns[1]!.leads[0]).not.toHaveProperty('stage');
    expect(after.columns[1]!.leads[0]).not.toHaveProperty('position');
  });

  it('removes a deleted card with its count and value', () => {
    const after = applied(before, event({ type: 'DELETED', leadId: 'a', fromStageId: 'new' }));
    expect(ids(after.columns[0]!)).toEqual(['b']);
    expect(after.columns[0]).toMatchObject({ count: 1, valueSum: 50.5 });
  });

  it('removes the card when the lead is gone by the time the event is read', () => {
    const after = applied(before, event({ type: 'UPDATED', leadId: 'c', toStageId: 'won', position: 0, lead: null }));
    expect(ids(after.columns[1]!)).toEqual([]);
    expect(after.columns[1]).toMatchObject({ count: 0, valueSum: 0 });
  });

  it('keeps sums in cents however many floats were added', () => {
    let b = board(column('new', []));
    for (let i = 0; i < 10; i++) b = applied(b, event({ type: 'CREATED', leadId: `n${i}`, toStageId: 'new', position: 0, lead: lead(`n${i}`, 0.1) }));
    expect(b.columns[0]!.valueSum).toBe(1);
  });

  it('places by the lead’s own position when the event hides it (consultants)', () => {
    const mine = board(column('new', [lead('a', 1), lead('b', 2)]), column('won', [lead('c', 3)]));
    const after = applied(mine, event({ type: 'MOVED', leadId: 'c', fromStageId: 'won', toStageId: 'new', position: null, lead: { ...lead('c', 3), stageId: 'new', position: 1 } }));
    expect(ids(after.columns[0]!)).toEqual(['a', 'c', 'b']);
    expect(after.columns[1]).toMatchObject({ count: 0, valueSum: 0 });
  });

  it('adds a card that became visible, in a column holding every card', () => {
    // A consultant is given a lead: it was never on their board.
    const after = applied(before, event({ type: 'UPDATED', leadId: 'z', toStageId: 'won', lead: { ...lead('z', 5), stageId: 'won', position: 1 } }));
    expect(ids(after.columns[1]!)).toEqual(['c', 'z']);
    expect(after.columns[1]).toMatchObject({ count: 2, valueSum: 1005 });
  });

  it('counts a card placed past the loaded cards without showing it', () => {
    const partial = board(column('new', [lead('a', 10)]), column('won', [lead('c', 1)], 80, 500));
    const after = applied(partial, event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 60, lead: lead('a', 10) }));
    expect(ids(after.columns[1]!)).toEqual(['c']);
    expect(after.columns[1]).toMatchObject({ count: 81, valueSum: 511 });
  });

  it('appends a card placed past the end of a column holding every card', () => {
    const after = applied(before, event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 9, lead: lead('a', 100) }));
    expect(ids(after.columns[1]!)).toEqual(['c', 'a']);
  });

  it('changes nothing when applied twice', () => {
    const move = event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 0, lead: lead('a', 100) });
    const once = applied(before, move);
    expect(applied(once, move)).toEqual(once);
    const del = event({ type: 'DELETED', leadId: 'b', fromStageId: 'new' });
    const gone = applied(before, del);
    expect(applied(gone, del)).toEqual(gone);
  });

  it('cannot tell a column past its loaded cards what it lost or changed', () => {
    const partial = board(column('new', [lead('a', 10)], 70, 900), column('won', [lead('c', 1)]));
    for (const e of [
      event({ type: 'DELETED', leadId: 'hidden', fromStageId: 'new' }),
      event({ type: 'MOVED', leadId: 'hidden', fromStageId: 'new', toStageId: 'won', position: 0, lead: lead('hidden', 3) }),
      event({ type: 'UPDATED', leadId: 'hidden', toStageId: 'new', position: 65, lead: lead('hidden', 3) }),
    ]) {
      expect(applyBoardEvent(partial, e)).toMatchObject({ ok: false });
    }
  });

  it('cannot place a card in a stage the board does not show', () => {
    expect(applyBoardEvent(before, event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'other', position: 0, lead: lead('a') }))).toMatchObject({ ok: false });
  });

  it('ignores events of another pipeline', () => {
    expect(applied(before, event({ type: 'DELETED', leadId: 'a', fromStageId: 'new', pipelineId: 'q' }))).toBe(before);
  });

  it('does not mutate its input', () => {
    const snapshot = JSON.stringify(before);
    applied(before, event({ type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 0, lead: lead('a', 100) }));
    applied(before, event({ type: 'DELETED', leadId: 'b', fromStageId: 'new' }));
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});

describe('syncEvent', () => {
  const snapshot: BoardSnapshot = { board: board(column('new', [lead('a', 1)])), boardCursor: '10' };
  const created = (cursor: string) =>
    ({ ...event({ type: 'CREATED', leadId: `n${cursor}`, toStageId: 'new', position: 0, lead: lead(`n${cursor}`, 2) }), cursor }) as BoardEvent;

  it('applies an event that follows the snapshot and advances its cursor', () => {
    const step = syncEvent(snapshot, created('11'), '10');
    expect(step.kind).toBe('current');
    if (step.kind !== 'current') return;
    expect(step.snapshot.boardCursor).toBe('11');
    expect(ids(step.snapshot.board.columns[0]!)).toEqual(['n11', 'a']);
  });

  it('applies across cursors the stream skipped (other pipelines, hidden leads)', () => {
    const step = syncEvent(snapshot, created('25'), '9');
    expect(step).toMatchObject({ kind: 'current', snapshot: { boardCursor: '25' } });
  });

  it('skips an event the snapshot already includes', () => {
    expect(syncEvent(snapshot, created('10'), '9')).toEqual({ kind: 'current', snapshot });
    expect(syncEvent(snapshot, created('7'), '6')).toEqual({ kind: 'current', snapshot });
  });

  it('reports a gap when the stream went past the snapshot before this event', () => {
    // The board was loaded again from an older read while events 11..14 were applied.
    expect(syncEvent(snapshot, created('15'), '14')).toEqual({ kind: 'gap', after: '10' });
    expect(syncEvent(snapshot, created('15'), null)).toEqual({ kind: 'gap', after: '10' });
  });

  it('compares cursors as numbers, not strings', () => {
    const at99 = { ...snapshot, boardCursor: '99' };
    expect(syncEvent(at99, created('100'), '99')).toMatchObject({ kind: 'current', snapshot: { boardCursor: '100' } });
  });

  it('asks for a reload when the snapshot cannot take the event', () => {
    const partial: BoardSnapshot = { board: board(column('new', [lead('a', 1)], 60, 100)), boardCursor: '10' };
    const del = { ...event({ type: 'DELETED', leadId: 'hidden', fromStageId: 'new' }), cursor: '11' };
    expect(syncEvent(partial, del, '10')).toMatchObject({ kind: 'reload' });
  });
});
