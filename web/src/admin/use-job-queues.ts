import { CombinedGraphQLErrors } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

/** How often the dashboard asks again: the figures are cheap counts, and a few seconds old is fresh enough. */
export const JOB_QUEUES_POLL_MS = 5_000;

export const JobQueuesQuery = graphql(`
  query JobQueues {
    jobQueues {
      name
      open
      unrelayed
      relayLagSeconds
      waiting
      active
      delayed
      failed
      completed
      redisAvailable
    }
  }
`);

/**
 * The background queues' figures, asked again every few seconds. A failed
 * round keeps the last figures on screen, next to the error.
 */
export function useJobQueues() {
  const { data, previousData, loading, error } = useQuery(JobQueuesQuery, {
    pollInterval: JOB_QUEUES_POLL_MS,
    // Counts change behind the cache's back: every round goes to the server.
    fetchPolicy: 'network-only',
  });
  const forbidden = CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'FORBIDDEN');
  return { queues: (data ?? previousData)?.jobQueues, loading, error, forbidden };
}
