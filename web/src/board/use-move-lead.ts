import { useApolloClient, useMutation } from '@apollo/client/react';
import { useCallback } from 'react';
import { graphql } from '../gql';
import { moveCardInBoard } from './board-moves.ts';
import { BoardQuery } from './use-board.ts';

const MoveLeadMutation = graphql(`
  mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {
    moveLead(id: $id, stageId: $stageId, position: $position) {
      id
      position
      stage {
        id
      }
    }
  }
`);

export function useMoveLead() {
  const client = useApolloClient();
  const [mutate, { loading, error }] = useMutation(MoveLeadMutation);

  const moveLead = useCallback(
    (id: string, stageId: string, position: number) => {
      const movedAt = client.cache.readQuery({ query: BoardQuery })?.boardCursor;
      return mutate({
        variables: { id, stageId, position },
        // The card moves at once; without this it would jump back until the
        // board event arrives.
        optimisticResponse: {
          __typename: 'Mutation',
          moveLead: { __typename: 'Lead', id, position, stage: { __typename: 'PipelineStage', id: stageId } },
        },
        // Runs on the optimistic layer, then again with the server's answer.
        // By then the board event may have placed the card already, and
        // others' events moved cards around it; redoing the move would undo
        // them. So it moves the card only while the cached board has taken no
        // event since the drop (the event, when it comes, places it again).
        update: (cache) => {
          cache.updateQuery({ query: BoardQuery }, (data) =>
            data && data.boardCursor === movedAt
              ? { ...data, board: moveCardInBoard(data.board, id, stageId, position) }
              : undefined,
          );
        },
        // A refused move needs no cleanup here: Apollo drops the optimistic
        // layer, and `update` does not run for an error.
      });
    },
    [client, mutate],
  );

  return { moveLead, moving: loading, error };
}
