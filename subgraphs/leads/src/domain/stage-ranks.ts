import { Prisma } from '../generated/prisma/client.ts';
import type { Lead } from '../generated/prisma/client.ts';
import type { Tx } from './event-log.ts';
import { toKey, type SortKey } from './sort-keys.ts';

/**
 * Dense positions from sort keys, without counting the column. "StageChunk"
 * holds each stage's lead count per chunk of CHUNK_WIDTH key units, kept by
 * triggers on "Lead" in the statement that changes it; a card's rank is the
 * sum of the chunks before its own plus a count inside its chunk, and the card
 * at a rank is found the same way. Both cost the stage's chunk rows (a
 * hundred for 50,000 cards loaded with keys 1..n) and at most a chunk's worth
 * of index entries, whatever the card's position.
 */
export const CHUNK_WIDTH = 512; // the width in the trigger of migration 20261122160000_board_order_and_search

type Reader = Pick<Tx, '$queryRaw'>;

export interface Card {
  id: string;
  key: SortKey;
}

const keyParam = (key: SortKey) => Prisma.sql`${toKey(key).toFixed()}::numeric`;
const chunkOf = (key: SortKey) => Prisma.sql`floor(${keyParam(key)} / ${CHUNK_WIDTH})::bigint`;
export const cardsOf = (rows: Array<{ id: string; key: Prisma.Decimal }>): Card[] => rows.map((r) => ({ id: r.id, key: toKey(r.key) }));

/** Whether `a` comes before `b` in board order: by key, then by id (uuids compare as their hex text). */
export const comesBefore = (a: Card, b: Card) => a.key.lt(b.key) || (a.key.eq(b.key) && a.id < b.id);

/** How many cards the stage holds. */
export async function stageSize(tx: Reader, workspaceId: string, stageId: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ n: number }>>`SELECT coalesce(sum("leadCount"), 0)::int AS "n" FROM "StageChunk"
    WHERE "workspaceId" = ${workspaceId}::uuid AND "stageId" = ${stageId}::uuid`;
  return rows[0]!.n;
}

/** How many cards of the stage come before `card` (itself in the stage or not). */
export async function rankIn(tx: Reader, workspaceId: string, stageId: string, card: Card): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ n: number }>>`SELECT
      (SELECT coalesce(sum("leadCount"), 0) FROM "StageChunk"
        WHERE "workspaceId" = ${workspaceId}::uuid AND "stageId" = ${stageId}::uuid AND "chunk" < ${chunkOf(card.key)})::int
    + (SELECT count(*) FROM "Lead" WHERE "workspaceId" = ${workspaceId}::uuid AND "stageId" = ${stageId}::uuid
        AND "position" >= ${chunkOf(card.key)} * ${CHUNK_WIDTH} AND ("position", "id") < (${keyParam(card.key)}, ${card.id}::uuid))::int AS "n"`;
  return rows[0]!.n;
}

/** Up to `count` cards of the stage from rank `offset` on. */
export async function cardsAt(tx: Reader, workspaceId: string, stageId: string, offset: number, count: number): Promise<Card[]> {
  return cardsOf(
    await tx.$queryRaw`SELECT l."id", l."position" AS "key" FROM (
        SELECT "chunk", "before" FROM (
          SELECT "chunk", "leadCount", (sum("leadCount") OVER (ORDER BY "chunk") - "leadCount")::int AS "before" FROM "StageChunk"
          WHERE "workspaceId" = ${workspaceId}::uuid AND "stageId" = ${stageId}::uuid
        ) AS c WHERE "before" + "leadCount" > ${offset} ORDER BY "chunk" LIMIT 1
      ) AS start CROSS JOIN LATERAL (
        SELECT "id", "position" FROM "Lead" WHERE "workspaceId" = ${workspaceId}::uuid AND "stageId" = ${stageId}::uuid
          AND "position" >= start."chunk" * ${CHUNK_WIDTH}
        ORDER BY "position", "id" OFFSET ${offset} - start."before" LIMIT ${count}
      ) AS l`,
  );
}

/** Dense positions of several cards at once (one statement), keyed by id. */
export async function ranksOf(tx: Reader, workspaceId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<Array<{ id: string; rank: number }>>`SELECT l."id",
      (SELECT coalesce(sum(c."leadCount"), 0) FROM "StageChunk" c
        WHERE c."workspaceId" = l."workspaceId" AND c."stageId" = l."stageId" AND c."chunk" < floor(l."position" / ${CHUNK_WIDTH})::bigint)::int
    + (SELECT count(*) FROM "Lead" o WHERE o."workspaceId" = l."workspaceId" AND o."stageId" = l."stageId"
        AND o."position" >= floor(l."position" / ${CHUNK_WIDTH}) * ${CHUNK_WIDTH} AND (o."position", o."id") < (l."position", l."id"))::int AS "rank"
    FROM "Lead" l WHERE l."workspaceId" = ${workspaceId}::uuid AND l."id" = ANY(${[...ids]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.rank]));
}

/**
 * The first `first` cards of every stage of a pipeline, in board order, in one
 * statement: an index scan of `first` entries per stage, whatever the stage's size.
 */
export async function firstCards(tx: Reader, workspaceId: string, pipelineId: string, first: number): Promise<Lead[]> {
  const rows = await tx.$queryRaw<Array<Omit<Lead, 'sortKey'> & { position: Prisma.Decimal }>>`SELECT c.* FROM "PipelineStage" s
    CROSS JOIN LATERAL (
      SELECT * FROM "Lead" l WHERE l."workspaceId" = ${workspaceId}::uuid AND l."stageId" = s."id"
      ORDER BY l."position", l."id" LIMIT ${first}
    ) c
    WHERE s."workspaceId" = ${workspaceId}::uuid AND s."pipelineId" = ${pipelineId}::uuid
    ORDER BY c."stageId", c."position", c."id"`;
  return rows.map(({ position, ...row }) => ({ ...row, sortKey: position }));
}
