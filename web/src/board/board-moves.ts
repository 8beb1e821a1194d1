import type { BoardQuery } from '../gql/graphql.ts';

export type Board = BoardQuery['board'];
export type BoardColumn = Board['columns'][number];
export type BoardLead = BoardColumn['leads'][number];

/**
 * The `position` to send to moveLead for a card dropped before `beforeLeadId`
 * (or at the end of the column when null). Positions count the column without
 * the dragged card, so moving a card down its own column lands where dropped.
 */
export function dropPosition(column: BoardColumn, draggedId: string, beforeLeadId: string | null): number {
  const others = column.leads.filter((lead) => lead.id !== draggedId);
  if (beforeLeadId !== null) {
    const index = others.findIndex((lead) => lead.id === beforeLeadId);
    if (index >= 0) return index;
  }
  // Past the visible cards: the column's full count, which the API treats as "append".
  const inColumn = column.leads.some((lead) => lead.id === draggedId);
  return Math.max(column.count - (inColumn ? 1 : 0), others.length);
}

/**
 * The board after moving a card, as the optimistic answer while moveLead is
 * in flight: the card changes column at once, and counts and value sums
 * follow. The server's board event then places the card where the server put it.
 */
export function moveCardInBoard(board: Board, leadId: string, toStageId: string, position: number): Board {
  const from = board.columns.find((column) => column.leads.some((lead) => lead.id === leadId));
  const to = board.columns.find((column) => column.stage.id === toStageId);
  if (!from || !to) return board;
  const lead = from.leads.find((l) => l.id === leadId)!;
  const value = lead.dealValue ?? 0;

  return {
    ...board,
    columns: board.columns.map((column) => {
      const isFrom = column === from;
      const isTo = column === to;
      if (!isFrom && !isTo) return column;
      const leads = column.leads.filter((l) => l.id !== leadId);
      // Only the first cards of a column are loaded; a card dropped past them is not shown.
      if (isTo && position <= leads.length) leads.splice(Math.max(0, position), 0, lead);
      if (isFrom && isTo) return { ...column, leads };
      return {
        ...column,
        leads,
        count: column.count + (isTo ? 1 : -1),
        valueSum: column.valueSum + (isTo ? value : -value),
      };
    }),
  };
}
