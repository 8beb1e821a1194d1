// Helpers for the board order tests: rows loaded and observed in SQL, and a
// model of the board replayed from the event log.
import { CHUNK_WIDTH } from '../domain/stage-ranks.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { board, boardEventsPage } from './operations.ts';

type Call = (op: { query: string; variables?: Record<string, unknown> }) => Promise<any>;

export interface Column {
  stage: { id: string; kind: string };
  count: number;
  valueSum: number;
  leads: Array<{ id: string; position: number }>;
}

export const columnsOf = async (call: Call, first = 200): Promise<Column[]> => (await call(board(first))).data.board.columns;

/**
 * Loads `count` leads into a stage in one statement, the way an import or a
 * test does, below the stage's cards, with keys from `firstKey` on (all equal
 * when `sameKey`).
 */
export async function bulkLoad(db: PrismaClient, stage: { workspaceId: string; pipelineId: string; stageId: string }, count: number, opts: { firstKey?: number; sameKey?: boolean } = {}) {
  const step = opts.sameKey ? 0 : 1;
  await db.$executeRaw`INSERT INTO "Lead" ("id", "workspaceId", "pipelineId", "stageId", "position", "name", "source", "tags", "updatedAt")
    SELECT gen_random_uuid(), ${stage.workspaceId}::uuid, ${stage.pipelineId}::uuid, ${stage.stageId}::uuid,
      ${opts.firstKey ?? 1} + (g - 1) * ${step}, 'Bulk ' || g, 'IMPORT', '{}', now()
    FROM generate_series(1, ${count}::int) g`;
}

/** The stage's lead ids in board order, straight from the table. */
export async function stageOrder(db: PrismaClient, stageId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Lead" WHERE "stageId" = ${stageId}::uuid ORDER BY "position", "id"`;
  return rows.map((r) => r.id);
}

/**
 * Which lead rows of a workspace a piece of work inserted and updated: every
 * row version carries the transaction that wrote it (xmin), so rows whose xmin
 * changed were written, whatever wrote them.
 */
export async function rowsWritten(db: PrismaClient, workspaceId: string, work: () => Promise<unknown>) {
  const snapshot = async () =>
    new Map(
      (await db.$queryRaw<Array<{ id: string; v: string }>>`SELECT "id", xmin::text AS "v" FROM "Lead" WHERE "workspaceId" = ${workspaceId}::uuid`).map((r) => [r.id, r.v]),
    );
  const before = await snapshot();
  const result = await work();
  const after = await snapshot();
  let inserted = 0;
  let updated = 0;
  for (const [id, version] of after) {
    if (!before.has(id)) inserted++;
    else if (before.get(id) !== version) updated++;
  }
  return { inserted, updated, deleted: [...before.keys()].filter((id) => !after.has(id)).length, result };
}

/** The most fractional digits any key of the stage has. */
export async function longestKey(db: PrismaClient, stageId: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ n: number }>>`SELECT coalesce(max(scale(trim_scale("position"))), 0)::int AS "n" FROM "Lead" WHERE "stageId" = ${stageId}::uuid`;
  return rows[0]!.n;
}

/**
 * Chunks of the workspace whose kept count or value sum differs from the rows,
 * recounted with the width the queries use (so a trigger counting with
 * another width shows up here too).
 */
export async function chunkMismatches(db: PrismaClient, workspaceId: string): Promise<unknown[]> {
  return db.$queryRaw`SELECT * FROM (SELECT "stageId", "chunk", "leadCount", "valueSum" FROM "StageChunk" WHERE "workspaceId" = ${workspaceId}::uuid) AS kept
    FULL JOIN (
      SELECT "stageId", floor("position" / ${CHUNK_WIDTH})::bigint AS "chunk", count(*)::int AS "rows", coalesce(sum("dealValue"), 0) AS "value"
      FROM "Lead" WHERE "workspaceId" = ${workspaceId}::uuid GROUP BY 1, 2
    ) AS counted USING ("stageId", "chunk")
    WHERE coalesce("leadCount", 0) <> coalesce("rows", 0) OR coalesce("valueSum", 0) <> coalesce("value", 0)`;
}

/**
 * The board as the event log tells it: from `columns`, each event applied in
 * cursor order (a MOVED or CREATED card goes to its event's position, a
 * DELETED one leaves). Every UPDATED event's position must match the model.
 */
export async function replayEvents(call: Call, after: string, columns: Map<string, string[]>) {
  const model = new Map([...columns].map(([stage, ids]) => [stage, [...ids]]));
  const remove = (leadId: string) => {
    for (const ids of model.values()) {
      const at = ids.indexOf(leadId);
      if (at >= 0) ids.splice(at, 1);
    }
  };
  const mismatches: string[] = [];
  let cursor = after;
  for (;;) {
    const events = (await call(boardEventsPage(cursor))).data.boardEventsSince as Array<{ cursor: string; type: string; leadId: string; toStageId: string | null; position: number | null }>;
    if (!events.length) return { model, mismatches, cursor };
    for (const e of events) {
      if (e.type === 'UPDATED') {
        const at = model.get(e.toStageId!)!.indexOf(e.leadId);
        if (at !== e.position) mismatches.push(`${e.cursor}: UPDATED at ${e.position}, model has ${at}`);
        continue;
      }
      remove(e.leadId);
      if (e.type === 'DELETED') continue;
      const ids = model.get(e.toStageId!)!;
      if (e.position! > ids.length) mismatches.push(`${e.cursor}: ${e.type} at ${e.position} past the end (${ids.length})`);
      ids.splice(e.position!, 0, e.leadId);
    }
    cursor = events.at(-1)!.cursor;
  }
}
