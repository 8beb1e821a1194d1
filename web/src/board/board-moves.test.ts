import { describe, expect, it } from 'vitest';
import { dropPosition, moveCardInBoard, type Board, type BoardColumn, type BoardLead } from './board-moves.ts';

function lead(id: string, dealValue: number | null = null): BoardLead {
  return {
    __typename: 'Lead',
    id,
    name: `Lead ${id}`,
    phone: null,
    dealValue,
    priority: 'MEDIUM',
    qualificationState: null,
    assignee: null,
    latestMessage: null,
  };
}

function column(stageId: string, leads: BoardLead[], count = leads.length): BoardColumn {
  return {
    __typename: 'BoardColumn',
    stage: { __typename: 'PipelineStage', id: stageId, name: stageId, kind: 'OPEN', color: '#888' },
    count,
    valueSum: leads.reduce((sum, l) => sum + (l.dealValue ?? 0), 0),
    leads,
  };
}

function board(...columns: BoardColumn[]): Board {
  return { __typename: 'Board', pipeline: { __typename: 'Pipeline', id: 'p', name: 'Vendas' }, columns };
}

const ids = (c: BoardColumn) => c.leads.map((l) => l.id);

describe('dropPosition', () => {
  const col = column('s', [lead('a'), lead('b'), lead('c')]);

  it('drops before the target card', () => {
    expect(dropPosition(col, 'x', 'b')).toBe(1);
    expect(dropPosition(col, 'x', 'a')).toBe(0);
  });

  it('counts without the dragged card when moving inside its own column', () => {
    // a moved down to just above c ends up second.
    expect(dropPosition(col, 'a', 'c')).toBe(1);
  });

  it('appends after every card of the stage, loaded or not', () => {
    expect(dropPosition(col, 'x', null)).toBe(3);
    expect(dropPosition(column('s', [lead('a')], 120), 'x', null)).toBe(120);
    expect(dropPosition(column('s', [lead('a'), lead('b')], 120), 'a', null)).toBe(119);
  });
});

describe('moveCardInBoard', () => {
  const before = board(column('new', [lead('a', 100), lead('b', 50.5)]), column('won', [lead('c', 1000)]));

  it('moves a card between columns with counts and value sums', () => {
    const after = moveCardInBoard(before, 'a', 'won', 1);
    expect(ids(after.columns[0]!)).toEqual(['b']);
    expect(ids(after.columns[1]!)).toEqual(['c', 'a']);
    expect(after.columns[0]).toMatchObject({ count: 1, valueSum: 50.5 });
    expect(after.columns[1]).toMatchObject({ count: 2, valueSum: 1100 });
  });

  it('reorders inside one column without touching its totals', () => {
    const after = moveCardInBoard(before, 'b', 'new', 0);
    expect(ids(after.columns[0]!)).toEqual(['b', 'a']);
    expect(after.columns[0]).toMatchObject({ count: 2, valueSum: 150.5 });
    expect(after.columns[1]).toBe(before.columns[1]);
  });

  it('counts a card dropped past the loaded cards without showing it', () => {
    const partial = board(column('new', [lead('a', 10)]), column('won', [lead('c', 1)], 80));
    const after = moveCardInBoard(partial, 'a', 'won', 80);
    expect(ids(after.columns[1]!)).toEqual(['c']);
    expect(after.columns[1]).toMatchObject({ count: 81 });
  });

  it('leaves the board alone for an unknown card or stage', () => {
    expect(moveCardInBoard(before, 'zz', 'won', 0)).toBe(before);
    expect(moveCardInBoard(before, 'a', 'nope', 0)).toBe(before);
  });

  it('does not mutate its input', () => {
    const snapshot = JSON.stringify(before);
    moveCardInBoard(before, 'a', 'won', 0);
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
