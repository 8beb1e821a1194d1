import { useMutation } from '@apollo/client/react';
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
  const [mutate, { loading, error }] = useMutation(MoveLeadMutation);

  const moveLead = useCallback(
    (id: string, stageId: string, position: number) =>
      mutate({
        variables: { id, stageId, position },
        // The card moves at once; without this it would jump back until the
        // board event's refetch arrives.
        optimisticResponse: {
          __typename: 'Mutation',
          moveLead: { __typename: 'Lead', id, position, stage: { __typename: 'PipelineStage', id: stageId } },
        },
        update: (cache) => {
          cache.updateQuery({ query: BoardQuery }, (data) =>
            data ? { ...data, board: moveCardInBoard(data.board, id, stageId, position) } : data,
          );
        },
        // A refused move needs no cleanup here: Apollo drops the optimistic
        // layer, and `update` only ran on it.
      }),
    [mutate],
  );

  return { moveLead, moving: loading, error };
}
