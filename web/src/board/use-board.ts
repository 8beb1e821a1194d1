import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

export const BoardQuery = graphql(`
  query Board {
    board {
      pipeline {
        id
        name
      }
      columns {
        stage {
          id
          name
          kind
          color
        }
        count
        valueSum
        leads {
          ...LeadCardFields
        }
      }
    }
    boardCursor
  }
`);

/**
 * The default pipeline's board. `boardCursor` comes along so that the live
 * subscription can start exactly where this snapshot ends.
 */
export function useBoard() {
  const { data, loading, error, refetch } = useQuery(BoardQuery, {
    // A fallback refetch (see board-event-sync.ts) keeps showing the old board meanwhile.
    notifyOnNetworkStatusChange: false,
  });
  return { board: data?.board, headCursor: data?.boardCursor, loading, error, refetch };
}
