import type { DragEvent } from 'react';
import { graphql } from '../gql';
import type { BoardLead } from './board-moves.ts';
import { formatBRL } from './format-brl.ts';

export const LEAD_DRAG_TYPE = 'application/x-leadwire-lead';

/**
 * What a card shows. The board query and the board events select it alike,
 * so a card from an event can stand in a column in place of the one the
 * board query loaded.
 */
export const LeadCardFields = graphql(`
  fragment LeadCardFields on Lead {
    id
    name
    phone
    dealValue
    priority
    assignee {
      id
      name
    }
    latestMessage {
      body
    }
    qualificationState
  }
`);

const PRIORITY_LABEL: Record<BoardLead['priority'], string> = {
  LOW: 'Baixa',
  MEDIUM: 'Média',
  HIGH: 'Alta',
  URGENT: 'Urgente',
};

const QUALIFICATION_LABEL: Record<NonNullable<BoardLead['qualificationState']>, string> = {
  NOT_STARTED: 'Não iniciada',
  IN_PROGRESS: 'Em qualificação',
  QUALIFIED: 'Qualificado',
  DISQUALIFIED: 'Desqualificado',
};

interface LeadCardProps {
  lead: BoardLead;
  /** A card dropped on this one lands just above it. */
  onDropBefore: (draggedId: string, beforeLeadId: string) => void;
}

export function LeadCard({ lead, onDropBefore }: LeadCardProps) {
  function onDragStart(event: DragEvent<HTMLElement>) {
    event.dataTransfer.setData(LEAD_DRAG_TYPE, lead.id);
    event.dataTransfer.effectAllowed = 'move';
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    const draggedId = event.dataTransfer.getData(LEAD_DRAG_TYPE);
    if (!draggedId) return;
    event.preventDefault();
    // Stop here so the column does not also handle it as "drop at the end".
    event.stopPropagation();
    if (draggedId !== lead.id) onDropBefore(draggedId, lead.id);
  }

  return (
    <article
      className="lead-card"
      draggable
      onDragStart={onDragStart}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
      data-priority={lead.priority}
      data-testid="lead-card"
      data-lead-id={lead.id}
    >
      <header>
        <strong>{lead.name}</strong>
        <span className="lead-value" data-testid="lead-value">{formatBRL(lead.dealValue)}</span>
      </header>
      {lead.phone ? <div className="lead-phone">{lead.phone}</div> : null}
      {lead.latestMessage?.body ? <p className="lead-message">{lead.latestMessage.body}</p> : null}
      <footer>
        <span className={`badge priority-${lead.priority.toLowerCase()}`}>{PRIORITY_LABEL[lead.priority]}</span>
        {lead.qualificationState ? <span className="badge">{QUALIFICATION_LABEL[lead.qualificationState]}</span> : null}
        <span className="lead-assignee" data-testid="lead-assignee">{lead.assignee?.name ?? 'Sem responsável'}</span>
      </footer>
    </article>
  );
}
