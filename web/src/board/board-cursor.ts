/**
 * Board event cursors are the workspace's event sequence as decimal strings
 * (up to 18 digits, beyond Number's exact range), so they compare by length
 * then digits rather than as numbers.
 */

function normalize(cursor: string): string {
  const trimmed = cursor.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareCursors(a: string, b: string): number {
  const x = normalize(a);
  const y = normalize(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface CursorStep {
  /** The newest cursor seen so far: resume from here. */
  cursor: string | null;
  /** False for an event at or before the cursor, e.g. replayed after a reconnect. */
  isNew: boolean;
}

/**
 * Folds one event's cursor into the last one seen. A resubscription replays
 * from its `after`, and graphql-ws may briefly replay from an older one, so
 * the same event can arrive twice: only newer events count.
 */
export function advanceCursor(current: string | null, incoming: string | null | undefined): CursorStep {
  if (!incoming || !/^\d+$/.test(incoming)) return { cursor: current, isNew: false };
  if (current === null || compareCursors(incoming, current) > 0) return { cursor: incoming, isNew: true };
  return { cursor: current, isNew: false };
}
