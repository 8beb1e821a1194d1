import type { Logger } from './logger.ts';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}
interface PoolLike {
  connect(): Promise<Queryable & { release(): void }>;
}

export type OutboxHandler = (payload: any) => Promise<void>;

export interface OutboxRelayOptions {
  pool: PoolLike;
  /** Qualified table, e.g. `"assignment"."Outbox"` (columns as in the subgraphs' Prisma `Outbox` model). */
  table: string;
  handlers: Record<string, OutboxHandler>;
  log: Logger;
  pollMs?: number;
  batchSize?: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;
// Prisma keeps DateTime columns as UTC timestamps without a zone, so compare in UTC whatever the session's TimeZone.

/**
 * Delivers what a subgraph wrote to its outbox in the same transaction as the
 * change that caused it, so a message to another service is never lost to a
 * crash, a restart or a network failure between commit and call. Rows are
 * claimed with SKIP LOCKED (several processes can relay one table), delivered
 * in id order, retried with exponential backoff, and never dropped.
 */
export function startOutboxRelay(opts: OutboxRelayOptions) {
  const pollMs = opts.pollMs ?? 2_000;
  const batchSize = opts.batchSize ?? 50;
  let running = false;
  let again = false;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  async function drainOnce(): Promise<number> {
    const client = await opts.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT "id", "topic", "payload", "attempts" FROM ${opts.table}
         WHERE "deliveredAt" IS NULL AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC')
         ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      for (const row of rows) {
        const handler = opts.handlers[row.topic];
        try {
          if (!handler) throw new Error(`no handler for topic ${row.topic}`);
          await handler(row.payload);
          await client.query(`UPDATE ${opts.table} SET "deliveredAt" = (now() AT TIME ZONE 'UTC'), "attempts" = "attempts" + 1 WHERE "id" = $1`, [row.id]);
        } catch (err) {
          const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** row.attempts);
          opts.log.warn({ err: (err as Error).message, topic: row.topic, attempts: row.attempts + 1 }, 'outbox delivery failed; will retry');
          await client.query(
            `UPDATE ${opts.table} SET "attempts" = "attempts" + 1, "lastError" = $2,
               "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + ($3 || ' milliseconds')::interval WHERE "id" = $1`,
            [row.id, String((err as Error).message).slice(0, 1000), String(delay)],
          );
        }
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        while (!stopped && (await drainOnce()) === batchSize);
      } while (again && !stopped);
    } catch (err) {
      opts.log.warn({ err: (err as Error).message }, 'outbox relay could not reach the database; retrying');
    } finally {
      running = false;
    }
  }

  const kick = () => {
    if (!stopped) current = drain();
  };
  const timer = setInterval(kick, pollMs);
  timer.unref();
  kick();

  return {
    /** Deliver now: call after committing a transaction that wrote to the outbox. */
    poke: kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}

export type OutboxRelay = ReturnType<typeof startOutboxRelay>;
