import type { Logger } from '@leadwire/platform';
import { sweepOnce, type SweepDeps, type SweepOptions, type SweepReport } from './sla.ts';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}
interface PoolLike {
  connect(): Promise<Queryable & { release(destroy?: boolean): void }>;
}

export interface SlaSweepOptions {
  /** Holds the sweep's session lock: a connection of its own, never the request pool's. */
  pool: PoolLike;
  deps: SweepDeps;
  sweepMs: number;
  log: Logger;
  /** After a sweep moved or released leads of these workspaces. */
  onChanged?: (workspaceIds: string[]) => void;
}

// Its own first key: the workspace locks are (hashtext('assignment'), hashtext(workspaceId)).
const LOCK_KEYS = `hashtext('assignment-sla'), hashtext('sweep')`;

/**
 * Runs the SLA sweep every `sweepMs` in this process. Every instance of the
 * subgraph runs one, and a PostgreSQL session lock makes one of them sweep at
 * a time: the others find it taken and skip their turn. (Each decision is
 * re-checked under the workspace lock too, so even a doubled run could not
 * move a lead twice.) A crashed sweeper's lock goes with its connection.
 */
export function startSlaSweep(opts: SlaSweepOptions) {
  let stopped = false;
  let running: Promise<SweepReport | null> | null = null;

  async function run(sweep: SweepOptions, wait: boolean): Promise<SweepReport | null> {
    const client = await opts.pool.connect();
    // A connection whose unlock failed may still hold the lock: close it rather than pool it.
    let destroy = false;
    try {
      if (wait) await client.query(`SELECT pg_advisory_lock(${LOCK_KEYS})`);
      else if (!(await client.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS got`)).rows[0]?.got) return null;
      try {
        const report = await sweepOnce(opts.deps, sweep);
        if (report.workspaces.length) opts.onChanged?.(report.workspaces);
        if (report.reassigned || report.released || report.stopped) opts.log.info({ ...report, workspaces: report.workspaces.length }, 'SLA sweep');
        return report;
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`).catch((err) => {
          destroy = true;
          throw err;
        });
      }
    } finally {
      client.release(destroy);
    }
  }

  const tick = () => {
    if (stopped || running) return;
    running = run({}, false)
      .catch((err) => {
        opts.log.warn({ err: (err as Error).message }, 'SLA sweep could not run; retrying on the next tick');
        return null;
      })
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, opts.sweepMs);
  timer.unref();

  return {
    /**
     * Sweeps now. `wait: false` gives up (null) when another instance is
     * sweeping, as the periodic sweep does; by default it waits its turn.
     */
    sweepNow: (sweep: SweepOptions = {}, { wait = true } = {}) => run(sweep, wait),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type SlaSweep = ReturnType<typeof startSlaSweep>;
