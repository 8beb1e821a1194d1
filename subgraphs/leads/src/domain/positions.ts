import { Prisma } from '../generated/prisma/client.ts';
import type { Lead } from '../generated/prisma/client.ts';
import type { WorkspaceTx } from './event-log.ts';
import { CROWDED_SCALE, keyBetween, scaleOf, SPREAD_SCALE, spreadKeys, toKey, type SortKey } from './sort-keys.ts';
import { cardsAt, cardsOf, comesBefore, rankIn, stageSize, type Card } from './stage-ranks.ts';

/**
 * A stage's cards are ordered by (sort key, id); the position a caller sees is
 * the dense rank in that order. Placing a card computes one key between its
 * new neighbours and writes only that card's row. Every writer runs under the
 * workspace lock (event-log.ts), so neighbours read here cannot change before
 * commit. Finding the card at a position, or a card's position, reads the
 * stage's chunk counts (stage-ranks.ts), not the column.
 */

/** Where a card goes: the key to write, and the dense position it takes among the others. */
export interface Slot {
  key: SortKey;
  position: number;
}

const notMoved = (movedId: string | null) => (movedId ? Prisma.sql`AND "id" <> ${movedId}::uuid` : Prisma.empty);
const inStage = (w: WorkspaceTx, stageId: string) => Prisma.sql`"workspaceId" = ${w.workspaceId}::uuid AND "stageId" = ${stageId}::uuid`;
const keyParam = (key: SortKey) => Prisma.sql`${toKey(key).toFixed()}::numeric`;

/** The card being moved, where it is now. */
export interface Moved {
  id: string;
  stageId: string;
  sortKey: Prisma.Decimal;
}

/** The top or bottom card of the stage, leaving out the one being moved: one index entry away. */
async function endCard(w: WorkspaceTx, stageId: string, end: 'first' | 'last', movedId: string | null): Promise<Card | null> {
  const order = end === 'first' ? Prisma.sql`"position", "id"` : Prisma.sql`"position" DESC, "id" DESC`;
  const rows = await w.tx.$queryRaw<Array<{ id: string; key: Prisma.Decimal }>>`SELECT "id", "position" AS "key" FROM "Lead"
    WHERE ${inStage(w, stageId)} ${notMoved(movedId)} ORDER BY ${order} LIMIT 1`;
  return cardsOf(rows)[0] ?? null;
}

/** The card right before (or after) `card` in the stage, leaving out the one being moved. */
async function nextTo(w: WorkspaceTx, stageId: string, card: Card, side: 'before' | 'after', movedId: string | null) {
  const rows =
    side === 'before'
      ? await w.tx.$queryRaw<Array<{ id: string; key: Prisma.Decimal }>>`SELECT "id", "position" AS "key" FROM "Lead"
          WHERE ${inStage(w, stageId)} ${notMoved(movedId)} AND ("position", "id") < (${keyParam(card.key)}, ${card.id}::uuid)
          ORDER BY "position" DESC, "id" DESC LIMIT 1`
      : await w.tx.$queryRaw<Array<{ id: string; key: Prisma.Decimal }>>`SELECT "id", "position" AS "key" FROM "Lead"
          WHERE ${inStage(w, stageId)} ${notMoved(movedId)} AND ("position", "id") > (${keyParam(card.key)}, ${card.id}::uuid)
          ORDER BY "position", "id" LIMIT 1`;
  return cardsOf(rows)[0] ?? null;
}

/** The moved card as a card of `stageId`, when it is in it. */
const movedIn = (moved: Moved | null, stageId: string): Card | null =>
  moved && moved.stageId === stageId ? { id: moved.id, key: toKey(moved.sortKey) } : null;

/** How many of the stage's cards, the moved one left out, come before `card`. */
async function countBefore(w: WorkspaceTx, stageId: string, card: Card, moved: Moved | null): Promise<number> {
  const self = movedIn(moved, stageId);
  return (await rankIn(w.tx, w.workspaceId, stageId, card)) - (self && comesBefore(self, card) ? 1 : 0);
}

/**
 * The slot at `position` among the stage's other cards (0 = top); past the end
 * appends. A new card has no `moved`.
 */
export async function slotAt(w: WorkspaceTx, stageId: string, position: number, moved: Moved | null = null): Promise<Slot> {
  const movedId = moved?.id ?? null;
  if (position === 0) return { key: keyBetween(null, (await endCard(w, stageId, 'first', movedId))?.key ?? null), position: 0 };
  const self = movedIn(moved, stageId);
  const others = (await stageSize(w.tx, w.workspaceId, stageId)) - (self ? 1 : 0);
  if (position >= others) {
    const last = await endCard(w, stageId, 'last', movedId);
    return { key: keyBetween(last?.key ?? null, null), position: last ? others : 0 };
  }
  // The other cards at position - 1 and position are among the three cards
  // from rank position - 1 on, counting the moved one.
  let around = await cardsAt(w.tx, w.workspaceId, stageId, position - 1, 3);
  if (self && around[0] && comesBefore(self, around[0])) around = around.slice(1);
  around = around.filter((card) => card.id !== movedId);
  return { key: await keyBetweenCards(w, stageId, around[0]!, around[1] ?? null), position };
}

/** The slot right above `anchor` (a consultant dropping a card on one of theirs). */
export async function slotAbove(w: WorkspaceTx, stageId: string, anchor: Card, moved: Moved): Promise<Slot> {
  const prev = await nextTo(w, stageId, anchor, 'before', moved.id);
  const position = await countBefore(w, stageId, anchor, moved);
  return { key: prev ? await keyBetweenCards(w, stageId, prev, anchor) : keyBetween(null, anchor.key), position };
}

/** The slot right below `anchor` (a consultant dropping a card past their last one). */
export async function slotBelow(w: WorkspaceTx, stageId: string, anchor: Card, moved: Moved): Promise<Slot> {
  const next = await nextTo(w, stageId, anchor, 'after', moved.id);
  const position = (await countBefore(w, stageId, anchor, moved)) + 1;
  return { key: next ? await keyBetweenCards(w, stageId, anchor, next) : keyBetween(anchor.key, null), position };
}

/**
 * A key between two adjacent cards. When they are too close (the gap was split
 * many times, or two bulk-loaded rows share a key), their neighbourhood is
 * respaced first, in this transaction.
 */
async function keyBetweenCards(w: WorkspaceTx, stageId: string, prev: Card, next: Card | null): Promise<SortKey> {
  if (!next) return keyBetween(prev.key, null);
  if (prev.key.lt(next.key)) {
    const key = keyBetween(prev.key, next.key);
    if (scaleOf(key) <= CROWDED_SCALE) return key;
  }
  await respaceAround(w, stageId, prev, next);
  const rows = cardsOf(await w.tx.$queryRaw`SELECT "id", "position" AS "key" FROM "Lead" WHERE "id" IN (${prev.id}::uuid, ${next.id}::uuid)`);
  const key = (id: string) => rows.find((r) => r.id === id)!.key;
  return keyBetween(key(prev.id), key(next.id));
}

/** Windows tried when respacing, in cards on each side of the gap; `null` is the whole stage. */
const WINDOWS = [8, 64, 512, null] as const;

/**
 * Rewrites the keys of the cards around the gap between `prev` and `next`
 * (adjacent in the stage) evenly between the keys just outside the window,
 * keeping their order and leaving room in the gap. The window grows until the
 * new keys are short: 17 rows in the common case, at most 1,025 unless keys
 * are tied across more than that (rows bulk-loaded with equal keys), where
 * only renumbering the whole stage can separate them.
 */
async function respaceAround(w: WorkspaceTx, stageId: string, prev: Card, next: Card): Promise<number> {
  for (const size of WINDOWS) {
    const limit = size === null ? Prisma.empty : Prisma.sql`LIMIT ${size + 1}`;
    // From the gap outwards: `prev` and the cards above it, `next` and the cards below.
    const up = cardsOf(
      await w.tx.$queryRaw`SELECT "id", "position" AS "key" FROM "Lead" WHERE ${inStage(w, stageId)}
        AND ("position", "id") <= (${keyParam(prev.key)}, ${prev.id}::uuid) ORDER BY "position" DESC, "id" DESC ${limit}`,
    );
    const down = cardsOf(
      await w.tx.$queryRaw`SELECT "id", "position" AS "key" FROM "Lead" WHERE ${inStage(w, stageId)}
        AND ("position", "id") >= (${keyParam(next.key)}, ${next.id}::uuid) ORDER BY "position", "id" ${limit}`,
    );
    const lo = size !== null && up.length > size ? up[size]!.key : null;
    const hi = size !== null && down.length > size ? down[size]!.key : null;
    const above = up.slice(0, size ?? undefined).reverse();
    const below = down.slice(0, size ?? undefined);
    // One key more than cards: the spare one, between `above` and `below`, is the room made.
    const keys = spreadKeys(lo, hi, above.length + below.length + 1);
    if (!keys || (size !== null && keys.some((k) => scaleOf(k) > SPREAD_SCALE))) continue;
    keys.splice(above.length, 1);
    const window = [...above, ...below];
    const changed = window.flatMap((card, i) => (card.key.eq(keys[i]!) ? [] : [{ id: card.id, key: keys[i]!.toFixed() }]));
    if (changed.length) {
      await w.tx.$executeRaw`UPDATE "Lead" AS l SET "position" = v."key"
        FROM unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.key)}::numeric[]) AS v("id", "key")
        WHERE l."id" = v."id"`;
    }
    return changed.length;
  }
  throw new Error('respacing the whole stage always succeeds');
}

/** The dense position of a card in its stage, for callers who see every card. */
export async function rankOf(w: WorkspaceTx, lead: Pick<Lead, 'id' | 'stageId' | 'sortKey'>): Promise<number> {
  return rankIn(w.tx, w.workspaceId, lead.stageId, { id: lead.id, key: toKey(lead.sortKey) });
}
