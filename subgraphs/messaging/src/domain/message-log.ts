import { channels, wake, workspaceOf } from '@leadwire/platform';
import type { MessagingContext } from '../context.ts';
import { Prisma } from '../generated/prisma/client.ts';

export type Tx = Prisma.TransactionClient;

/**
 * Takes the workspace's sequence row lock, drawing `reserve` numbers in the
 * same statement (0: none). The lock is held until commit, so messaging writes
 * of one workspace are serialized: an ingest can check for a duplicate
 * WhatsApp id and insert without a race. Returns the last number drawn.
 */
async function lockWorkspace(tx: Tx, workspaceId: string, reserve: number): Promise<bigint> {
  const rows = await tx.$queryRaw<Array<{ seq: bigint }>>(drawSeqs(workspaceId, reserve));
  return rows[0]!.seq;
}

/**
 * The statement that takes the workspace's sequence row lock and draws `n`
 * numbers, returning the last as "seq"; usable as a CTE.
 */
export function drawSeqs(workspaceId: string, n: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "WorkspaceSequence" ("workspaceId", "seq") VALUES (${workspaceId}::uuid, ${n})
    ON CONFLICT ("workspaceId") DO UPDATE SET "seq" = "WorkspaceSequence"."seq" + ${n}
    RETURNING "seq"`;
}

/** Draws the next `n` numbers under the lock already held (returns the last): seq order is commit order. */
async function nextSeq(tx: Tx, workspaceId: string, n: number): Promise<bigint> {
  const rows = await tx.$queryRaw<Array<{ seq: bigint }>>`
    UPDATE "WorkspaceSequence" SET "seq" = "seq" + ${n} WHERE "workspaceId" = ${workspaceId}::uuid RETURNING "seq"`;
  return rows[0]!.seq;
}

export interface WorkspaceTx {
  tx: Tx;
  workspaceId: string;
  /** The sequence number for a new message. */
  nextSeq(): Promise<bigint>;
  /** `n` consecutive sequence numbers, in one statement, for a batch of messages. */
  nextSeqs(n: number): Promise<bigint[]>;
  /** Marks a lead's messages as changed, so subscribers are woken after commit. */
  touched(leadId: string): void;
}

/**
 * Runs a messaging write as one transaction under the workspace lock and,
 * after commit, wakes the router's subscribers for each lead it touched.
 * Every messaging mutation goes through here.
 */
export async function inWorkspace<T>(
  ctx: MessagingContext,
  work: (w: WorkspaceTx) => Promise<T>,
  /** Numbers to draw with the lock, for a write that knows how many it needs (one statement fewer). */
  { reserve = 0 } = {},
): Promise<T> {
  const workspaceId = workspaceOf(ctx.identity);
  const leads = new Set<string>();
  let cursor = 0n;
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      cursor = await lockWorkspace(tx, workspaceId, reserve);
      let reserved = reserve;
      const draw = async (n: number) => {
        if (n <= reserved) {
          // Numbers drawn with the lock: the last `reserved` of them are still free.
          const last = cursor - BigInt(reserved - n);
          reserved -= n;
          return last;
        }
        return (cursor = await nextSeq(tx, workspaceId, n));
      };
      return work({
        tx,
        workspaceId,
        nextSeq: () => draw(1),
        nextSeqs: async (n) => {
          const last = await draw(n);
          return Array.from({ length: n }, (_, i) => last - BigInt(n - 1 - i));
        },
        touched: (leadId) => void leads.add(leadId),
      });
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
  await wakeLeads(ctx, cursor, leads);
  return result;
}

/**
 * A messaging write that is one SQL statement run on its own, outside any
 * transaction, for the hottest path (inbound WhatsApp messages): the
 * statement draws its numbers with `drawSeqs` (a CTE) and is its own
 * transaction, so the workspace lock is held only while PostgreSQL runs and
 * commits it, never across a round trip to this process. Seq order stays
 * commit order. Its snapshot is taken before it waits for the lock, so it
 * must not decide anything on what other writers committed (unique indexes,
 * ON CONFLICT and the sequence row itself do see them); such a write belongs
 * in `inWorkspace`. Wakes the router's subscribers after commit, as
 * `inWorkspace` does.
 */
export async function inOneStatement<T>(
  ctx: MessagingContext,
  write: () => Promise<{ result: T; cursor: bigint; touched: Iterable<string> }>,
): Promise<T> {
  const { result, cursor, touched } = await write();
  await wakeLeads(ctx, cursor, new Set(touched));
  return result;
}

async function wakeLeads(ctx: MessagingContext, cursor: bigint, leads: Set<string>) {
  const workspaceId = workspaceOf(ctx.identity);
  await Promise.all(
    [...leads].map((leadId) =>
      wake(ctx.pubsub, channels.messages(workspaceId), { workspaceId, cursor: String(cursor), leadId }, (err) =>
        ctx.log.warn({ err }, 'messages wake-up not published; subscribers catch up on the next message'),
      ),
    ),
  );
}
