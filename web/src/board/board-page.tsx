import { useState } from 'react';
import { dropPosition } from './board-moves.ts';
import { BoardColumn } from './board-column.tsx';
import { useBoard } from './use-board.ts';
import { useBoardEvents } from './use-board-events.ts';
import { useMoveLead } from './use-move-lead.ts';

export function BoardPage() {
  const { board, headCursor, loading, error } = useBoard();
  const { moveLead } = useMoveLead();
  const [moveError, setMoveError] = useState<string | null>(null);
  useBoardEvents(board?.pipeline.id, headCursor);

  if (!board) {
    if (error) return <p role="alert" className="page-error">Não foi possível carregar o quadro: {error.message}</p>;
    return <p className="page-loading">{loading ? 'Carregando quadro…' : 'Nenhum quadro.'}</p>;
  }

  function onMove(leadId: string, stageId: string, beforeLeadId: string | null) {
    const column = board!.columns.find((c) => c.stage.id === stageId);
    if (!column) return;
    setMoveError(null);
    moveLead(leadId, stageId, dropPosition(column, leadId, beforeLeadId)).catch((err: unknown) => {
      setMoveError(err instanceof Error ? err.message : String(err));
    });
  }

  return (
    <main className="board-page">
      <h1>{board.pipeline.name}</h1>
      {moveError ? (
        <p role="alert" className="page-error">
          Não foi possível mover o lead: {moveError}
        </p>
      ) : null}
      <div className="board-columns">
        {board.columns.map((column) => (
          <BoardColumn key={column.stage.id} column={column} onMove={onMove} />
        ))}
      </div>
    </main>
  );
}
