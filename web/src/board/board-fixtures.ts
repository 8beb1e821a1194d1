// Boards and board events for tests, with what the API's answers carry.
import type { BoardEvent } from './apply-board-event.ts';
import type { Board, BoardColumn, BoardLead } from './board-moves.ts';

export function lead(id: string, dealValue: number | null = null, name = `Lead ${id}`): BoardLead {
  return {
    __typename: 'Lead',
    id,
    name,
    phone: null,
    dealValue,
    priority: 'MEDIUM',
    qualificationState: null,
    assignee: null,
    latestMessage: null,
  };
}

/** `count` past the given cards, and `hiddenValue` of theirs, stand for cards not loaded. */
export function column(stageId: string, leads: BoardLead[], count = leads.length, hiddenValue = 0): BoardColumn {
  return {
    __typename: 'BoardColumn',
    stage: { __typename: 'PipelineStage', id: stageId, name: stageId, kind: 'OPEN', color: '#888' },
    count,
    valueSum: leads.reduce((sum, l) => sum + (l.dealValue ?? 0), hiddenValue),
    leads,
  };
}

export function board(...columns: BoardColumn[]): Board {
  return { __typename: 'Board', pipeline: { __typename: 'Pipeline', id: 'p', name: 'Vendas' }, columns };
}

export type EventInput = Partial<Omit<BoardEvent, 'lead'>> & {
  type: BoardEvent['type'];
  leadId: string;
  /** The lead as the event reads it; `stageId` and `position` are where it stands now. */
  lead?: (BoardLead & { stageId?: string; position?: number }) | null;
};

let seq = 100;

/** An event of pipeline `p`, with the next cursor unless given one. */
export function event({ lead: card, ...rest }: EventInput): BoardEvent {
  const { stageId, position, ...fields } = card ?? ({} as NonNullable<EventInput['lead']>);
  return {
    __typename: 'LeadEvent',
    cursor: String(++seq),
    pipelineId: 'p',
    fromStageId: null,
    toStageId: null,
    position: null,
    ...rest,
    lead: card
      ? { ...fields, stage: { __typename: 'PipelineStage', id: stageId ?? rest.toStageId ?? 'x' }, position: position ?? 0 }
      : null,
  } as BoardEvent;
}

export const ids = (c: BoardColumn) => c.leads.map((l) => l.id);
