import { describe, expect, it } from 'vitest';
import { advanceCursor, compareCursors } from './board-cursor.ts';

describe('compareCursors', () => {
  it('orders by numeric value, not by string', () => {
    expect(compareCursors('9', '10')).toBeLessThan(0);
    expect(compareCursors('10', '9')).toBeGreaterThan(0);
    expect(compareCursors('42', '42')).toBe(0);
  });

  it('keeps precision past Number.MAX_SAFE_INTEGER', () => {
    expect(compareCursors('900719925474099300', '900719925474099301')).toBeLessThan(0);
  });

  it('ignores leading zeros', () => {
    expect(compareCursors('007', '7')).toBe(0);
    expect(compareCursors('0', '000')).toBe(0);
  });
});

describe('advanceCursor', () => {
  it('takes the first cursor it sees', () => {
    expect(advanceCursor(null, '5')).toEqual({ cursor: '5', isNew: true });
  });

  it('moves forward on a newer event', () => {
    expect(advanceCursor('5', '6')).toEqual({ cursor: '6', isNew: true });
    expect(advanceCursor('99', '100')).toEqual({ cursor: '100', isNew: true });
  });

  it('treats a replayed or older event as seen and keeps the cursor', () => {
    expect(advanceCursor('6', '6')).toEqual({ cursor: '6', isNew: false });
    expect(advanceCursor('100', '99')).toEqual({ cursor: '100', isNew: false });
  });

  it('ignores a missing or malformed cursor', () => {
    expect(advanceCursor('6', undefined)).toEqual({ cursor: '6', isNew: false });
    expect(advanceCursor('6', '')).toEqual({ cursor: '6', isNew: false });
    expect(advanceCursor(null, 'abc')).toEqual({ cursor: null, isNew: false });
  });

  it('folds a replay after a reconnect into exactly the unseen events', () => {
    // Seen 1..3, then the socket dropped; the resubscription replays 2..5.
    let cursor: string | null = null;
    const fresh: string[] = [];
    for (const c of ['1', '2', '3', '2', '3', '4', '5']) {
      const step = advanceCursor(cursor, c);
      cursor = step.cursor;
      if (step.isNew) fresh.push(c);
    }
    expect(fresh).toEqual(['1', '2', '3', '4', '5']);
    expect(cursor).toBe('5');
  });
});
