import type { ApolloClient } from '@apollo/client';
import { syncEvent, type BoardEvent, type SyncStep } from './apply-board-event.ts';
import { BoardEventsSinceQuery } from './board-event-operations.ts';
import { BoardQuery } from './use-board.ts';

// boardEventsSince's own default; a shorter page means "nothing more yet".
const PAGE_SIZE = 100;
// A board reloaded because an event did not fit is normally current past that
// event, and each page of missed events moves the board forward. Past these
// bounds (events arriving faster than reloads finish, or answers that do not
// move the board forward) it tries again later instead of asking in a loop.
const RELOADS_PER_RUN = 3;
const REQUESTS_PER_RUN = 20;
const RETRY_AFTER_MS = 5_000;

interface Pending {
  /** Where the event's stream stood before it: nothing lies in between. */
  prev: string | null;
  event: BoardEvent;
}

export interface BoardEventSync {
  /** An event from the subscription, with the stream's cursor before it. */
  push(prev: string | null, event: BoardEvent): void;
  stop(): void;
}

/**
 * Applies board events to the board in Apollo's cache, one at a time and in
 * order. The cached board's `boardCursor` says which events it includes, so
 * a board loaded again meanwhile (which may be older or newer than the
 * events) is never applied an event twice nor missing one: missed events are
 * fetched with boardEventsSince, and only an event the cached board cannot
 * take (a card past a column's loaded cards, a stage it does not show) loads
 * the board again.
 */
export function createBoardEventSync(client: ApolloClient, pipelineId: string): BoardEventSync {
  const queue: Pending[] = [];
  let running = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function fillGap(after: string) {
    const { data } = await client.query({
      query: BoardEventsSinceQuery,
      variables: { pipelineId, after, first: PAGE_SIZE },
      fetchPolicy: 'no-cache',
    });
    const events = data?.boardEventsSince ?? [];
    let prev = after;
    const missed = events.map((event) => {
      const pending = { prev, event };
      prev = event.cursor;
      return pending;
    });
    // A short page holds every event up to now that this board may see, the
    // waiting event included unless it has become invisible since: either way
    // nothing is missing before it any more.
    if (events.length < PAGE_SIZE && queue[0]) queue[0] = { ...queue[0], prev };
    queue.unshift(...missed);
  }

  async function reload() {
    // Writes the fresh board and its own cursor to the cache, which the board
    // page's query then shows.
    await client.query({ query: BoardQuery, fetchPolicy: 'network-only' });
  }

  /** Applies what it can without waiting, in one cache write; returns what blocks the rest. */
  function applyQueued(): SyncStep | undefined {
    const data = client.cache.readQuery({ query: BoardQuery });
    if (!data) {
      // No board cached (not loaded yet, or dropped): its next load brings
      // a snapshot with its own cursor, which the subscription continues from.
      queue.length = 0;
      return undefined;
    }
    let snapshot = { board: data.board, boardCursor: data.boardCursor };
    let blocked: SyncStep | undefined;
    while (queue.length > 0) {
      const step = syncEvent(snapshot, queue[0]!.event, queue[0]!.prev);
      if (step.kind !== 'current') {
        blocked = step;
        break;
      }
      snapshot = step.snapshot;
      queue.shift();
    }
    // A burst of events (an import, a replay after a reconnect) renders once.
    if (snapshot.board !== data.board || snapshot.boardCursor !== data.boardCursor) {
      client.cache.writeQuery({ query: BoardQuery, data: { ...data, ...snapshot } });
    }
    return blocked;
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void run(), RETRY_AFTER_MS);
  }

  async function run() {
    if (running || stopped) return;
    running = true;
    let reloads = 0;
    let requests = 0;
    try {
      while (!stopped) {
        const blocked = applyQueued();
        if (!blocked) break;
        if (requests >= REQUESTS_PER_RUN || (blocked.kind === 'reload' && reloads >= RELOADS_PER_RUN)) {
          retryLater();
          break;
        }
        requests += 1;
        if (blocked.kind === 'gap') {
          await fillGap(blocked.after);
        } else {
          reloads += 1;
          await reload();
        }
      }
    } catch {
      // Offline or the router restarting: the events stay queued for later.
      if (!stopped) retryLater();
    } finally {
      running = false;
    }
  }

  return {
    push(prev, event) {
      if (stopped) return;
      queue.push({ prev, event });
      void run();
    },
    stop() {
      stopped = true;
      queue.length = 0;
      clearTimeout(retryTimer);
    },
  };
}
