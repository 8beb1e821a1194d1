// Import from '@leadwire/platform/job-relay': only processes that hand work to queues load BullMQ.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import client from 'prom-client';
import type { Logger } from './logger.ts';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}
interface PoolLike extends Queryable {
  connect(): Promise<Queryable & { release(): void }>;
}

const REDIS_STATS_TIMEOUT_MS = 1_000;

export interface JobRelayOptions {
  pool: PoolLike;
  /** Qualified table with the `QueuedJob` columns, e.g. `"messaging"."QueuedJob"`. */
  table: string;
  redisUrl: string;
  /** BullMQ options per queue name; a row whose queue is not here waits. */
  queues: Record<string, { jobName: string; attempts?: number; backoffMs?: number }>;
  log: Logger;
  pollMs?: number;
  /** A row queued this long ago and not done is handed to Redis again. */
  sweepAfterMs?: number;
  batchSize?: number;
  registry?: client.Registry;
}

const metricsFor = (registry: client.Registry) => {
  const existing = registry.getSingleMetric('leadwire_jobs_relayed_total') as client.Counter | undefined;
  return {
    relayed: existing ?? new client.Counter({ name: 'leadwire_jobs_relayed_total', help: 'Jobs handed to Redis', labelNames: ['queue'], registers: [registry] }),
    swept:
      (registry.getSingleMetric('leadwire_jobs_swept_total') as client.Counter | undefined) ??
      new client.Counter({ name: 'leadwire_jobs_swept_total', help: 'Jobs handed to Redis again after they were not done in time', labelNames: ['queue'], registers: [registry] }),
    failures:
      (registry.getSingleMetric('leadwire_job_relay_failures_total') as client.Counter | undefined) ??
      new client.Counter({ name: 'leadwire_job_relay_failures_total', help: 'Relay rounds that could not reach Redis or PostgreSQL', registers: [registry] }),
  };
};

/**
 * Moves recorded jobs from PostgreSQL into BullMQ. A row is written in the
 * same transaction as the change that caused it, so no job is lost to a crash
 * between commit and enqueue; the job id is the row's id, so handing a row over
 * twice (a crash after `add`, a sweep) still makes one job. Rows stay until a
 * worker marks them done: when Redis loses its data, the sweep hands every
 * unfinished row over again. PostgreSQL is the record, Redis the transport.
 */
export function startJobRelay(opts: JobRelayOptions) {
  const pollMs = opts.pollMs ?? 1_000;
  const sweepAfterMs = opts.sweepAfterMs ?? 60_000;
  const batchSize = opts.batchSize ?? 500;
  const metrics = metricsFor(opts.registry ?? client.register);
  // Fail fast while Redis is away: the rows wait in PostgreSQL, not in memory.
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  const queues = new Map(Object.keys(opts.queues).map((name) => [name, new Queue(name, { connection: redis })]));
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  // Rounds whose rows are in Redis and whose `queuedAt` is being recorded.
  const recording = new Set<Promise<void>>();

  /**
   * Hands the oldest waiting rows to their queues; returns how many. Their
   * `queuedAt` is recorded in the same transaction afterwards, off the
   * relay's way: the next round may start meanwhile (on another connection)
   * and skips them, as they stay locked until that commits.
   */
  async function relayOnce(): Promise<number> {
    const conn = await opts.pool.connect();
    let rows: Array<{ queue: string; id: string; payload: unknown }>;
    try {
      await conn.query('BEGIN');
      ({ rows } = await conn.query(
        `SELECT "queue", "id", "payload" FROM ${opts.table}
         WHERE "queuedAt" IS NULL AND "doneAt" IS NULL AND "queue" = ANY($2::text[])
         ORDER BY "createdAt" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize, [...queues.keys()]],
      ));
      for (const [name, queue] of queues) {
        const mine = rows.filter((r) => r.queue === name);
        if (!mine.length) continue;
        const { jobName, attempts = 5, backoffMs = 1_000 } = opts.queues[name]!;
        await queue.addBulk(
          mine.map((r) => ({
            name: jobName,
            data: r.payload,
            opts: { jobId: r.id, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
          })),
        );
        metrics.relayed.inc({ queue: name }, mine.length);
      }
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      conn.release();
      throw err;
    }
    const recorded = recordQueued(conn, rows).finally(() => {
      conn.release();
      recording.delete(recorded);
    });
    recording.add(recorded);
    return rows.length;
  }

  async function recordQueued(conn: Queryable, rows: Array<{ queue: string; id: string }>): Promise<void> {
    try {
      if (rows.length) {
        await conn.query(
          `UPDATE ${opts.table} SET "queuedAt" = (now() AT TIME ZONE 'UTC'), "attempts" = "attempts" + 1
           WHERE ("queue", "id") IN (SELECT * FROM unnest($1::text[], $2::uuid[]))`,
          [rows.map((r) => r.queue), rows.map((r) => r.id)],
        );
      }
      await conn.query('COMMIT');
    } catch (err) {
      // The jobs are in Redis; their rows stay unmarked and are handed over again, still one job per id.
      await conn.query('ROLLBACK').catch(() => undefined);
      metrics.failures.inc();
      opts.log.warn({ err: (err as Error).message }, 'job relay could not record jobs as queued; they will be handed over again');
    }
  }

  /** Hands back rows queued long ago and still not done; returns how many. */
  async function sweep(olderThanMs = sweepAfterMs): Promise<number> {
    const { rows } = await opts.pool.query(
      `UPDATE ${opts.table} SET "queuedAt" = NULL
       WHERE "doneAt" IS NULL AND "queuedAt" IS NOT NULL AND "queuedAt" < (now() AT TIME ZONE 'UTC') - ($1 || ' milliseconds')::interval
       RETURNING "queue"`,
      [String(olderThanMs)],
    );
    for (const row of rows) metrics.swept.inc({ queue: row.queue });
    if (rows.length) opts.log.warn({ count: rows.length }, 'jobs not done in time handed to Redis again');
    return rows.length;
  }

  async function drain(): Promise<void> {
    try {
      do {
        again = false;
        while (!stopped && (await relayOnce()) === batchSize);
        // A poke while the last round is being recorded must not wait for the next poll.
        if (!again) await Promise.all(recording);
      } while (again && !stopped);
    } catch (err) {
      metrics.failures.inc();
      opts.log.warn({ err: (err as Error).message }, 'job relay could not hand jobs over; they wait in PostgreSQL');
    } finally {
      await Promise.all(recording);
    }
  }

  const poke = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => (running = null));
  };
  const timer = setInterval(poke, pollMs);
  timer.unref();
  const sweeper = setInterval(() => void sweep().then((n) => n && poke(), () => undefined), Math.max(1_000, sweepAfterMs / 2));
  sweeper.unref();
  poke();

  /** Per queue: what waits in PostgreSQL (and for how long), and what BullMQ holds. */
  async function stats(): Promise<QueueStats[]> {
    const { rows } = await opts.pool.query(
      `SELECT "queue", count(*) FILTER (WHERE "queuedAt" IS NULL)::int AS "unrelayed",
              count(*)::int AS "open",
              EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min("createdAt") FILTER (WHERE "queuedAt" IS NULL)) AS "lag"
       FROM ${opts.table} WHERE "doneAt" IS NULL GROUP BY "queue"`,
    );
    const byQueue = new Map(rows.map((r) => [r.queue, r]));
    return Promise.all(
      [...queues].map(async ([name, queue]) => {
        // BullMQ waits for a connection that never comes while Redis is down: a dashboard must answer anyway.
        const asked = queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => null);
        const counts = await Promise.race([asked, new Promise<null>((resolve) => setTimeout(resolve, REDIS_STATS_TIMEOUT_MS, null).unref())]);
        const row = byQueue.get(name);
        return {
          name,
          open: row?.open ?? 0,
          unrelayed: row?.unrelayed ?? 0,
          relayLagSeconds: row?.lag == null ? 0 : Number(row.lag),
          redis: counts && { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, completed: counts.completed ?? 0 },
        };
      }),
    );
  }
  registerGauges(opts.registry ?? client.register, stats);

  return {
    /** Relay now: call after committing a transaction that recorded jobs. */
    poke,
    stats,
    sweep: async (olderThanMs?: number) => {
      const n = await sweep(olderThanMs);
      poke();
      await running;
      return n;
    },
    /** Waits until what is recorded now has been handed over (tests, shutdown). */
    async settle() {
      poke();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(sweeper);
      await running;
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
    },
  };
}

export type JobRelay = ReturnType<typeof startJobRelay>;

export interface QueueStats {
  name: string;
  /** Jobs recorded and not done. */
  open: number;
  /** Of those, not yet handed to Redis. */
  unrelayed: number;
  /** Age of the oldest job not yet handed to Redis. */
  relayLagSeconds: number;
  /** What BullMQ holds now; null while Redis does not answer. */
  redis: { waiting: number; active: number; delayed: number; failed: number; completed: number } | null;
}

/** Queue depth and relay lag, read when Prometheus scrapes (one process's view is the whole table's). */
function registerGauges(registry: client.Registry, stats: () => Promise<QueueStats[]>) {
  if (registry.getSingleMetric('leadwire_job_queue_depth')) return;
  let pending: Promise<QueueStats[]> | null = null;
  // One read per scrape for all gauges.
  const read = () => (pending ??= stats().finally(() => setTimeout(() => (pending = null), 500)));
  new client.Gauge({
    name: 'leadwire_job_queue_depth',
    help: 'Jobs by queue and state (postgres: recorded, not done; the rest as BullMQ holds them)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of await read().catch(() => [])) {
        this.set({ queue: q.name, state: 'open' }, q.open);
        for (const [state, n] of Object.entries(q.redis ?? {})) this.set({ queue: q.name, state }, n);
      }
    },
  });
  new client.Gauge({
    name: 'leadwire_job_relay_lag_seconds',
    help: 'Age of the oldest recorded job not yet handed to Redis',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of await read().catch(() => [])) this.set({ queue: q.name }, q.relayLagSeconds);
    },
  });
}
