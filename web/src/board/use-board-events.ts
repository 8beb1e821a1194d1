import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { onSocketReconnected } from '../apollo/client.ts';
import { graphql } from '../gql';
import { advanceCursor } from './board-cursor.ts';
import { BoardQuery } from './use-board.ts';

const BoardEventsSubscription = graphql(`
  subscription BoardEvents($pipelineId: ID, $after: String) {
    boardEvents(pipelineId: $pipelineId, after: $after) {
      cursor
      type
      leadId
    }
  }
`);

// A bulk import emits many events at once; one refetch covers them all.
const REFETCH_COALESCE_MS = 150;
// After the subscription fails outright (not a dropped socket, which graphql-ws
// retries itself), try again rather than leave the board silently stale.
const RESUBSCRIBE_AFTER_ERROR_MS = 5_000;

/**
 * Keeps the board live: every board event refetches the board. The newest
 * cursor is kept in a ref, and after a reconnect the subscription is opened
 * again with `after` set to it, so events that happened while the socket was
 * down are replayed by the router instead of being missed.
 *
 * `headCursor` is the cursor the board snapshot was read at; the subscription
 * waits for it so that it starts where the snapshot ends.
 */
export function useBoardEvents(pipelineId: string | undefined, headCursor: string | undefined): void {
  const client = useApolloClient();
  const cursorRef = useRef<string | null>(null);
  const ready = pipelineId !== undefined && headCursor !== undefined;

  // Read through a ref so that later refetches, which bring a newer head,
  // do not tear down and reopen the subscription.
  const headRef = useRef(headCursor);
  headRef.current = headCursor;

  useEffect(() => {
    if (!ready) return;
    if (cursorRef.current === null && headRef.current !== undefined) cursorRef.current = headRef.current;

    let subscription: { unsubscribe(): void } | undefined;
    let subscribedAfter: string | null | undefined;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const scheduleRefetch = () => {
      if (refetchTimer !== undefined) return;
      refetchTimer = setTimeout(() => {
        refetchTimer = undefined;
        void client.refetchQueries({ include: [BoardQuery] });
      }, REFETCH_COALESCE_MS);
    };

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
        .subscribe({ query: BoardEventsSubscription, variables: { pipelineId, after: cursorRef.current } })
        .subscribe({
          next: (result) => {
            if (result.error) return retryLater();
            const step = advanceCursor(cursorRef.current, result.data?.boardEvents.cursor);
            cursorRef.current = step.cursor;
            if (step.isNew) scheduleRefetch();
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
      clearTimeout(refetchTimer);
      clearTimeout(retryTimer);
    };
  }, [client, pipelineId, ready]);
}
