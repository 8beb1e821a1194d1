import type { BoardEventFieldsFragment } from '../gql/graphql.ts';
import { compareCursors } from './board-cursor.ts';
import type { Board, BoardColumn, BoardLead } from './board-moves.ts';

export type BoardEvent = BoardEventFieldsFragment;

export type Applied = { ok: true; board: Board } | { ok: false; reason: string };

/** A board as loaded, and the event cursor it is current up to. */
export interface BoardSnapshot {
  board: Board;
  boardCursor: string;
}

export type SyncStep =
  /** The snapshot now includes the event (it may already have). */
  | { kind: 'current'; snapshot: BoardSnapshot }
  /** Events after `after` are missing from the snapshot: fetch them first. */
  | { kind: 'gap'; after: string }
  /** The snapshot lacks what the event needs: load the board again. */
  | { kind: 'reload'; reason: string };

// Deal values are stored in cents; sums kept by adding and subtracting floats
// would otherwise drift away from what the server adds up.
const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * A column holds only its first cards. When it holds all it counts, a card
 * missing from it is not counted in it either; otherwise it may sit unseen
 * past the loaded cards, and its deal value is unknown.
 */
const holdsEveryCard = (column: BoardColumn) => column.leads.length >= column.count;

function cardOf(lead: NonNullable<BoardEvent['lead']>): BoardLead {
  // stage and position say where the card goes; the card itself does not carry them.
  const { stage: _stage, position: _position, ...card } = lead;
  return card;
}

/** Where the event says the card now stands, in the caller's own numbering. */
function placeOf(event: BoardEvent): { stageId: string; position: number } | null {
  if (event.position !== null && event.toStageId !== null) return { stageId: event.toStageId, position: event.position };
  // Consultants get no event positions (they would count cards hidden from
  // them); the lead's own position is already counted among their cards only.
  if (event.lead) return { stageId: event.lead.stage.id, position: event.lead.position };
  return null;
}

/** The stages whose count included the card before the event, when it is not among the loaded cards. */
function stagesBefore(event: BoardEvent): Array<string | null> {
  switch (event.type) {
    case 'CREATED':
      return [];
    case 'UPDATED':
      return [event.toStageId];
    case 'MOVED':
    case 'DELETED':
      return [event.fromStageId];
  }
}

function withoutCard(column: BoardColumn, index: number): BoardColumn {
  const card = column.leads[index]!;
  return {
    ...column,
    leads: column.leads.filter((_, i) => i !== index),
    count: column.count - 1,
    valueSum: cents(column.valueSum - (card.dealValue ?? 0)),
  };
}

function withCard(column: BoardColumn, card: BoardLead, position: number): BoardColumn {
  const leads = [...column.leads];
  const at = Math.max(0, position);
  // A card placed past the loaded ones stays unseen, as it would on a fresh
  // load; in a column holding every card, "past the end" is the end.
  if (holdsEveryCard(column)) leads.splice(Math.min(at, leads.length), 0, card);
  else if (at <= leads.length) leads.splice(at, 0, card);
  return { ...column, leads, count: column.count + 1, valueSum: cents(column.valueSum + (card.dealValue ?? 0)) };
}

/**
 * The board after one event, or why it cannot be told from this board alone
 * (then the caller loads it again). Counts and value sums follow the cards.
 * Applying an event whose effect the board already shows changes nothing,
 * so an event that races the board's own load does no harm.
 */
export function applyBoardEvent(board: Board, event: BoardEvent): Applied {
  if (event.pipelineId !== board.pipeline.id) return { ok: true, board };
  const columnIndex = board.columns.findIndex((column) => column.leads.some((lead) => lead.id === event.leadId));

  if (columnIndex < 0) {
    for (const stageId of stagesBefore(event)) {
      const column = board.columns.find((c) => c.stage.id === stageId);
      if (column && !holdsEveryCard(column)) return { ok: false, reason: 'the card is past the loaded cards of its column' };
    }
  }

  let columns = board.columns;
  if (columnIndex >= 0) {
    const column = columns[columnIndex]!;
    const without = withoutCard(column, column.leads.findIndex((lead) => lead.id === event.leadId));
    columns = columns.map((c, i) => (i === columnIndex ? without : c));
  }

  // Deleted, or no longer for this caller to see (`lead` is read when the
  // event is delivered, after a later delete or reassignment): the card goes.
  if (event.type === 'DELETED' || event.lead === null) return { ok: true, board: columns === board.columns ? board : { ...board, columns } };

  const place = placeOf(event);
  if (!place) return { ok: false, reason: 'the event says nowhere where the card stands' };
  const target = columns.findIndex((column) => column.stage.id === place.stageId);
  if (target < 0) return { ok: false, reason: 'the card went to a stage this board does not show' };
  const card = cardOf(event.lead);
  columns = columns.map((c, i) => (i === target ? withCard(c, card, place.position) : c));
  return { ok: true, board: { ...board, columns } };
}

/**
 * Folds one event into a snapshot. `prev` is where the event's stream stood
 * before it: a stream carries every event of the board after its start, so
 * nothing lies between `prev` and this event. A snapshot behind `prev` (the
 * board was loaded again meanwhile, from an older read) has a gap to fill first.
 */
export function syncEvent(snapshot: BoardSnapshot, event: BoardEvent, prev: string | null): SyncStep {
  if (compareCursors(event.cursor, snapshot.boardCursor) <= 0) return { kind: 'current', snapshot };
  if (prev === null || compareCursors(prev, snapshot.boardCursor) > 0) return { kind: 'gap', after: snapshot.boardCursor };
  const applied = applyBoardEvent(snapshot.board, event);
  if (!applied.ok) return { kind: 'reload', reason: applied.reason };
  return { kind: 'current', snapshot: { board: applied.board, boardCursor: event.cursor } };
}
