import type { ApolloServerPlugin } from '@apollo/server';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { RouterContext } from '../context.ts';

const CHANNEL = 'credentials:revoked';

/** Mutations after which cached keys and session checks may be wrong. */
const REVOKING = new Set(['revokeApiKey', 'updateUser']);

/**
 * Routers cache key lookups and users' session status. When a key is revoked
 * or a user deactivated or demoted through any router, every router drops
 * those caches at once instead of honouring stale answers until they expire.
 */
export function revocation(pubsub: RedisPubSub, caches: Array<{ forget(): void }>): ApolloServerPlugin<RouterContext> {
  const forget = () => caches.forEach((c) => c.forget());
  // Not awaited: with Redis down the subscription waits for it, the router must not.
  void pubsub.subscribe(CHANNEL, forget).catch(() => undefined);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors }) {
          if (errors?.length || operation?.operation !== 'mutation') return;
          const revoking = operation.selectionSet.selections.some((s) => s.kind === 'Field' && REVOKING.has(s.name.value));
          if (!revoking) return;
          forget();
          await pubsub.publish(CHANNEL, { at: Date.now() }).catch(() => undefined);
        },
      };
    },
  };
}
