import { NoAccess } from './no-access.tsx';
import { QueuesView } from './queues-view.tsx';
import { JOB_QUEUES_POLL_MS, useJobQueues } from './use-job-queues.ts';

/** The background queues, for admins, asked again every few seconds. */
export function QueuesPage() {
  const { queues, loading, error, forbidden } = useJobQueues();
  // The session said admin, the server says otherwise (the role changed since login).
  if (forbidden) return <NoAccess />;

  return (
    <main className="queues-page">
      <h1>Filas</h1>
      <p className="page-hint">Atualiza a cada {JOB_QUEUES_POLL_MS / 1000} segundos.</p>
      {error ? (
        <p role="alert" className="page-error">
          Não foi possível atualizar as filas: {error.message}
        </p>
      ) : null}
      {queues ? <QueuesView queues={queues} /> : <p className="page-loading">{loading ? 'Carregando filas…' : 'Nenhuma fila.'}</p>}
    </main>
  );
}
