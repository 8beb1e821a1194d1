// How bench/qualification.ts sees the agent's replies: straight from the
// messaging subgraph's table, every few milliseconds, two indexed queries for
// everything in flight. The time taken is the reply row's own `createdAt`
// (written in the transaction that queued it), so the polling interval paces
// the leads but does not lengthen what is measured. Polling messagesSince per
// lead, or one messageAdded subscription per lead, would add hundreds of
// GraphQL calls a second to the router and subgraph being measured.
import pg from 'pg';

export interface Reply {
  /** When the reply row was written (ms since the epoch, the database's clock on this host). */
  queuedAt: number;
  /** When this watcher saw it. */
  seenAt: number;
}

interface Pending {
  waMessageId: string;
  onReply: (reply: Reply) => void;
  leadId?: string;
  seq?: string;
}

export interface ReplyWatcher {
  /** Calls `onReply` once the agent's first reply after the lead's message `waMessageId` is queued. */
  expect(waMessageId: string, onReply: (reply: Reply) => void): void;
  readonly pending: number;
  /** Polls that failed (the database refused or dropped the connection); the next one tries again. */
  readonly failures: number;
  /** Stops waiting for what is still pending; says how many that was. */
  forget(): number;
  stop(): Promise<void>;
}

export async function watchReplies(databaseUrl: string, workspaceId: string, intervalMs = 10): Promise<ReplyWatcher> {
  // A pool of one: a dropped connection is replaced on the next poll.
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  db.on('error', () => undefined);
  let failures = 0;
  const pending = new Map<string, Pending>();
  let running = true;

  async function poll() {
    const unplaced = [...pending.values()].filter((p) => !p.leadId);
    if (unplaced.length) {
      const { rows } = await db.query<{ waMessageId: string; leadId: string; seq: string }>(
        `SELECT "waMessageId", "leadId", seq::text FROM messaging."Message" WHERE "workspaceId" = $1 AND "waMessageId" = ANY($2::text[])`,
        [workspaceId, unplaced.map((p) => p.waMessageId)],
      );
      for (const row of rows) {
        const p = pending.get(row.waMessageId);
        if (p) Object.assign(p, { leadId: row.leadId, seq: row.seq });
      }
    }
    const placed = [...pending.values()].filter((p) => p.leadId);
    if (!placed.length) return;
    // A lead has one message waiting at a time: its first AI message after it is the answer.
    const { rows } = await db.query<{ lead: string; at: number }>(
      `SELECT DISTINCT ON (p.lead) p.lead::text AS lead, (extract(epoch FROM m."createdAt") * 1000)::float8 AS at
       FROM unnest($2::uuid[], $3::bigint[]) AS p(lead, after)
       JOIN messaging."Message" m ON m."workspaceId" = $1 AND m."leadId" = p.lead AND m.seq > p.after
       WHERE m.direction = 'OUTBOUND' AND m.author = 'AI'
       ORDER BY p.lead, m.seq`,
      [workspaceId, placed.map((p) => p.leadId), placed.map((p) => p.seq)],
    );
    const seenAt = Date.now();
    const byLead = new Map(placed.map((p) => [p.leadId!, p]));
    for (const row of rows) {
      const p = byLead.get(row.lead)!;
      // Forgotten while the query ran.
      if (!pending.delete(p.waMessageId)) continue;
      p.onReply({ queuedAt: row.at, seenAt });
    }
  }

  const loop = (async () => {
    while (running) {
      await poll().catch(() => failures++);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    expect: (waMessageId, onReply) => void pending.set(waMessageId, { waMessageId, onReply }),
    get pending() {
      return pending.size;
    },
    get failures() {
      return failures;
    },
    forget() {
      const left = pending.size;
      pending.clear();
      return left;
    },
    async stop() {
      running = false;
      await loop;
      await db.end();
    },
  };
}
