import { Prisma } from '../generated/prisma/client.ts';

/**
 * Sort keys order the cards of a stage: decimals, compared numerically, with
 * room between any two of them. Placing a card takes a key strictly between
 * its new neighbours' keys, so no other card is rewritten. Keys grow a digit
 * only when one gap is split again and again (about one digit per three
 * splits); `CROWDED_SCALE` is where the stage respaces that neighbourhood
 * (positions.ts), well before the column's 30 fractional digits run out.
 */
export const MAX_SCALE = 30;
export const CROWDED_SCALE = 10;
/** Respacing must leave at least this much room: keys of at most this scale. */
export const SPREAD_SCALE = 5;

// Arithmetic on keys must be exact: the column holds up to 65 digits.
const Key = Prisma.Decimal.clone({ precision: 100, rounding: Prisma.Decimal.ROUND_HALF_UP });
export type SortKey = Prisma.Decimal;

export const toKey = (value: Prisma.Decimal | string | number): SortKey => new Key(typeof value === 'object' ? value.toFixed() : value);
export const scaleOf = (key: SortKey) => key.decimalPlaces();

/**
 * The shortest key strictly between `lo` and `hi` (null = open end), taken
 * from the middle of the candidates of that length so that later splits of
 * either half stay short. Above the first key or below the last, a whole
 * number. Throws when `lo >= hi`: the caller respaces first.
 */
export function keyBetween(lo: SortKey | null, hi: SortKey | null): SortKey {
  if (lo === null && hi === null) return new Key(0);
  if (lo === null) return toKey(hi!).ceil().minus(1);
  if (hi === null) return toKey(lo).floor().plus(1);
  const a = toKey(lo);
  const b = toKey(hi);
  if (a.gte(b)) throw new Error(`no key between ${a.toFixed()} and ${b.toFixed()}`);
  for (let scale = 0; ; scale++) {
    const unit = new Key(10).pow(-scale);
    const first = a.toDecimalPlaces(scale, Key.ROUND_FLOOR).plus(unit);
    const last = b.toDecimalPlaces(scale, Key.ROUND_CEIL).minus(unit);
    if (first.lte(last)) return first.plus(last).div(2).toDecimalPlaces(scale, Key.ROUND_FLOOR);
  }
}

/**
 * `n` evenly spaced keys strictly between `lo` and `hi` (null = open end),
 * each rounded to the fewest digits that keep them apart, or null when they
 * would need more than `MAX_SCALE` digits (or `lo >= hi`). Rounding moves a
 * key by at most a quarter of the step, so the keys stay in order and inside.
 */
export function spreadKeys(lo: SortKey | null, hi: SortKey | null, n: number): SortKey[] | null {
  if (lo === null && hi === null) return Array.from({ length: n }, (_, i) => new Key(i));
  if (lo === null) {
    const start = toKey(hi!).ceil().minus(n);
    return Array.from({ length: n }, (_, i) => start.plus(i));
  }
  if (hi === null) {
    const start = toKey(lo).floor().plus(1);
    return Array.from({ length: n }, (_, i) => start.plus(i));
  }
  const a = toKey(lo);
  const b = toKey(hi);
  if (a.gte(b)) return null;
  const step = b.minus(a).div(n + 1);
  let scale = 0;
  while (new Key(10).pow(-scale).gt(step.div(2))) scale++;
  if (scale > MAX_SCALE) return null;
  return Array.from({ length: n }, (_, i) => a.plus(step.times(i + 1)).toDecimalPlaces(scale));
}
