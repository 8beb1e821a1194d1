import { useState, type DragEvent } from 'react';
import type { BoardColumn as Column } from './board-moves.ts';
import { formatBRL } from './format-brl.ts';
import { LEAD_DRAG_TYPE, LeadCard } from './lead-card.tsx';

interface BoardColumnProps {
  column: Column;
  /** `beforeLeadId` null means "at the end of this column". */
  onMove: (leadId: string, stageId: string, beforeLeadId: string | null) => void;
}

export function BoardColumn({ column, onMove }: BoardColumnProps) {
  const [over, setOver] = useState(false);
  const { stage } = column;

  function onDragOver(event: DragEvent<HTMLElement>) {
    // Only our own cards are droppable; preventDefault is what allows a drop.
    if (!event.dataTransfer.types.includes(LEAD_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(true);
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    setOver(false);
    const leadId = event.dataTransfer.getData(LEAD_DRAG_TYPE);
    if (!leadId) return;
    event.preventDefault();
    onMove(leadId, stage.id, null);
  }

  return (
    <section
      className={`board-column${over ? ' drag-over' : ''}`}
      data-kind={stage.kind}
      data-testid="board-column"
      data-stage-id={stage.id}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-label={stage.name}
    >
      <header className="column-header" style={{ borderTopColor: stage.color }}>
        <h2>{stage.name}</h2>
        <span className="column-count" title="Leads nesta etapa" data-testid="column-count">
          {column.count}
        </span>
        <div className="column-sum" data-testid="column-sum">{formatBRL(column.valueSum)}</div>
      </header>
      <div className="column-cards">
        {column.leads.map((lead) => (
          <LeadCard
            key={lead.id}
            lead={lead}
            onDropBefore={(draggedId, beforeLeadId) => {
              setOver(false);
              onMove(draggedId, stage.id, beforeLeadId);
            }}
          />
        ))}
        {column.count > column.leads.length ? (
          <p className="column-more">+ {column.count - column.leads.length} leads</p>
        ) : null}
      </div>
    </section>
  );
}
