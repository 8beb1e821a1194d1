import type { JobQueuesQuery } from '../gql/graphql.ts';
import { failedLevel, formatCount, formatLag, lagLevel, queueLabel, type Level } from './queue-health.ts';

export type JobQueue = JobQueuesQuery['jobQueues'][number];

const REDIS_FIELDS = [
  ['waiting', 'Aguardando', 'Na fila do Redis, esperando um worker'],
  ['active', 'Em execução', 'Com um worker agora'],
  ['delayed', 'Adiados', 'Esperando a próxima tentativa'],
  ['failed', 'Falhas', 'Esgotaram as tentativas'],
  ['completed', 'Concluídos', 'Concluídos que o Redis ainda guarda (até uma hora)'],
] as const;

function Cell({ field, level = 'ok', children }: { field: string; level?: Level; children: string }) {
  return (
    <td data-field={field} data-level={level} className={level === 'ok' ? undefined : `level-${level}`}>
      {children}
    </td>
  );
}

function QueueRow({ queue }: { queue: JobQueue }) {
  return (
    <tr data-testid="queue-row" data-queue={queue.name} data-redis={queue.redisAvailable ? 'up' : 'down'}>
      <th scope="row">
        {queueLabel(queue.name)}
        <span className="queue-name">{queue.name}</span>
      </th>
      <Cell field="open">{formatCount(queue.open)}</Cell>
      <Cell field="unrelayed" level={queue.unrelayed > 0 ? lagLevel(queue.relayLagSeconds) : 'ok'}>
        {formatCount(queue.unrelayed)}
      </Cell>
      <Cell field="relayLagSeconds" level={lagLevel(queue.relayLagSeconds)}>
        {formatLag(queue.relayLagSeconds)}
      </Cell>
      {REDIS_FIELDS.map(([field]) => (
        <Cell key={field} field={field} level={field === 'failed' ? failedLevel(queue.failed ?? null) : 'ok'}>
          {formatCount(queue[field] ?? null)}
        </Cell>
      ))}
    </tr>
  );
}

/** What needs a person's attention, above the figures. */
function QueueAlerts({ queues }: { queues: readonly JobQueue[] }) {
  const redisDown = queues.some((q) => !q.redisAvailable);
  const failed = queues.reduce((sum, q) => sum + (q.failed ?? 0), 0);
  const lagging = queues.filter((q) => lagLevel(q.relayLagSeconds) !== 'ok');
  const worstLag = Math.max(0, ...lagging.map((q) => q.relayLagSeconds));
  return (
    <>
      {redisDown ? (
        <p role="alert" className="queue-alert level-alert" data-testid="redis-down">
          Redis indisponível: os jobs esperam no PostgreSQL e são repassados quando ele voltar. Os números do Redis não estão disponíveis.
        </p>
      ) : null}
      {lagging.length ? (
        <p role="alert" className={`queue-alert level-${lagLevel(worstLag)}`} data-testid="relay-lagging">
          Repasse atrasado em {lagging.map((q) => queueLabel(q.name)).join(', ')}: há jobs esperando no PostgreSQL há {formatLag(worstLag)}.
        </p>
      ) : null}
      {failed > 0 ? (
        <p role="alert" className="queue-alert level-alert" data-testid="jobs-failed">
          {formatCount(failed)} {failed === 1 ? 'job falhou' : 'jobs falharam'} depois de todas as tentativas.
        </p>
      ) : null}
    </>
  );
}

/** The figures of every queue: what waits in PostgreSQL, what Redis holds, what failed. */
export function QueuesView({ queues }: { queues: readonly JobQueue[] }) {
  return (
    <>
      <QueueAlerts queues={queues} />
      <div className="queues-table-wrap">
        <table className="queues-table">
          <thead>
            <tr>
              <th scope="col">Fila</th>
              <th scope="col" title="Registrados no PostgreSQL e ainda não concluídos">
                Abertos
              </th>
              <th scope="col" title="Destes, ainda não repassados ao Redis">
                Sem repasse
              </th>
              <th scope="col" title="Idade do job mais antigo ainda não repassado ao Redis">
                Atraso do repasse
              </th>
              {REDIS_FIELDS.map(([field, label, title]) => (
                <th key={field} scope="col" title={title}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <QueueRow key={queue.name} queue={queue} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
