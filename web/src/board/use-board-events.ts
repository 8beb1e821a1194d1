import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { onSocketReconnected } from '../apollo/client.ts';
import { advanceCursor } from './board-cursor.ts';
import { BoardEventsSubscription } from './board-event-operations.ts';
import { createBoardEventSync } from './board-event-sync.ts';

// After the subscription fails outright (not a dropped socket, which graphql-ws
// retries itself), try again rather than leave the board silently stale.
const RESUBSCRIBE_AFTER_ERROR_MS = 5_000;

/**
 * Keeps the board live: each board event is applied to the cached board (see
 * board-event-sync.ts), which asks the API again only for what an event
 * cannot tell. The newest cursor is kept in a ref, and after a reconnect the
 * subscription is opened again with `after` set to it, so events that
 * happened while the socket was down are replayed by the router instead of
 * being missed.
 *
 * `headCursor` is the cursor the board snapshot was read at; the subscription
 * waits for it so that it starts where the snapshot ends.
 */
export function useBoardEvents(pipelineId: string | undefined, headCursor: string | undefined): void {
  const client = useApolloClient();
  const cursorRef = useRef<string | null>(null);
  const ready = pipelineId !== undefined && headCursor !== undefined;

  // Read through a ref so that the newer heads that applied events bring do
  // not tear down and reopen the subscription.
  const headRef = useRef(headCursor);
  headRef.current = headCursor;

  useEffect(() => {
    if (!ready) return;
    if (cursorRef.current === null && headRef.current !== undefined) cursorRef.current = headRef.current;

    const sync = createBoardEventSync(client, pipelineId);
    let subscription: { unsubscribe(): void } | undefined;
    let subscribedAfter: string | null | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const retryLater = () => {
      subscription?.unsubscribe();
      subscription = undefined;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(open, RESUBSCRIBE_AFTER_ERROR_MS);
    };

    function open() {
      subscription?.unsubscribe();
      subscribedAfter = cursorRef.current;
      subscription = client
        .subscribe({
          query: BoardEventsSubscription,
          variables: { pipelineId, after: cursorRef.current },
          // The sync writes the board itself; it needs the cards' previous
          // deal values, which writing the event first would overwrite.
          fetchPolicy: 'no-cache',
        })
        .subscribe({
          next: (result) => {
            if (result.error) return retryLater();
            const event = result.data?.boardEvents;
            const prev = cursorRef.current;
            const step = advanceCursor(prev, event?.cursor);
            cursorRef.current = step.cursor;
            if (step.isNew && event) sync.push(prev, event);
          },
          error: retryLater,
          // The router ended the stream (e.g. it restarted); resume from the cursor.
          complete: retryLater,
        });
    }

    open();

    const stopWatching = onSocketReconnected(client, () => {
      // graphql-ws has already re-sent the subscription with the `after` it
      // started with; only reopen when events arrived since then.
      if (subscribedAfter !== cursorRef.current) open();
    });

    return () => {
      stopWatching();
      subscription?.unsubscribe();
      sync.stop();
      clearTimeout(retryTimer);
    };
  }, [client, pipelineId, ready]);
}
