import { describe, expect, it } from 'vitest';
import { keyBetween, MAX_SCALE, scaleOf, spreadKeys, toKey, type SortKey } from './sort-keys.ts';

const k = (value: string | number) => toKey(value);
const text = (keys: SortKey[]) => keys.map((key) => key.toFixed());

describe('keyBetween', () => {
  it('takes whole numbers at the ends and the shortest key in between', () => {
    expect(keyBetween(null, null).toFixed()).toBe('0');
    expect(keyBetween(null, k(0)).toFixed()).toBe('-1');
    expect(keyBetween(null, k('2.5')).toFixed()).toBe('2');
    expect(keyBetween(k('-3.2'), null).toFixed()).toBe('-3');
    expect(keyBetween(k(0), k(10)).toFixed()).toBe('5');
    expect(keyBetween(k(3), k(4)).toFixed()).toBe('3.5');
    expect(keyBetween(k('1'), k('1.1')).toFixed()).toBe('1.05');
    expect(() => keyBetween(k(2), k(2))).toThrow();
    expect(() => keyBetween(k(3), k(2))).toThrow();
  });

  it('keeps any sequence of insertions in order, a digit longer than its neighbours at most', () => {
    const keys: SortKey[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 2_000; i++) {
      const at = Math.floor(random() * (keys.length + 1));
      const lo = keys[at - 1] ?? null;
      const hi = keys[at] ?? null;
      const key = keyBetween(lo, hi);
      if (lo) expect(key.gt(lo)).toBe(true);
      if (hi) expect(key.lt(hi)).toBe(true);
      expect(scaleOf(key)).toBeLessThanOrEqual(Math.max(lo ? scaleOf(lo) : 0, hi ? scaleOf(hi) : 0) + 1);
      keys.splice(at, 0, key);
    }
    const sorted = [...keys].sort((a, b) => a.comparedTo(b));
    expect(text(sorted)).toEqual(text(keys));
  });

  it('splitting one gap again and again costs about a digit per three splits', () => {
    let hi = k(1);
    for (let i = 0; i < 30; i++) hi = keyBetween(k(0), hi);
    expect(scaleOf(hi)).toBeLessThanOrEqual(11);
    expect(hi.gt(0)).toBe(true);
  });
});

describe('spreadKeys', () => {
  it('spaces keys evenly inside the bounds, with as few digits as keep them apart', () => {
    expect(text(spreadKeys(null, null, 3)!)).toEqual(['0', '1', '2']);
    expect(text(spreadKeys(null, k('4.5'), 3)!)).toEqual(['2', '3', '4']);
    expect(text(spreadKeys(k('-1.5'), null, 2)!)).toEqual(['-1', '0']);
    expect(text(spreadKeys(k(0), k(10), 4)!)).toEqual(['2', '4', '6', '8']);
    const tight = spreadKeys(k('1.000001'), k('1.000002'), 9)!;
    expect(tight[0]!.gt(k('1.000001'))).toBe(true);
    expect(tight.at(-1)!.lt(k('1.000002'))).toBe(true);
    expect(text([...tight].sort((a, b) => a.comparedTo(b)))).toEqual(text(tight));
    expect(new Set(text(tight)).size).toBe(9);
    expect(Math.max(...tight.map(scaleOf))).toBeLessThanOrEqual(8);
  });

  it('has no room between equal bounds, or below the column’s precision', () => {
    expect(spreadKeys(k(2), k(2), 1)).toBeNull();
    expect(spreadKeys(k(0), k(`1e-${MAX_SCALE}`), 5)).toBeNull();
  });
});
