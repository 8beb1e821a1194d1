import type { ApolloServerPlugin } from '@apollo/server';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { CredentialResolver } from '../auth/credentials.ts';
import type { RouterContext } from '../context.ts';

const CHANNEL = 'credentials:revoked';

/**
 * Routers cache key lookups. When a key is revoked through any router, every
 * router drops its cache at once instead of honouring the key until the
 * cache entry expires.
 */
export function keyRevocation(pubsub: RedisPubSub, credentials: CredentialResolver): ApolloServerPlugin<RouterContext> {
  // Not awaited: with Redis down the subscription waits for it, the router must not.
  void pubsub.subscribe(CHANNEL, () => credentials.forget()).catch(() => undefined);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors }) {
          if (errors?.length || operation?.operation !== 'mutation') return;
          const revoked = operation.selectionSet.selections.some((s) => s.kind === 'Field' && s.name.value === 'revokeApiKey');
          if (!revoked) return;
          credentials.forget();
          await pubsub.publish(CHANNEL, { at: Date.now() }).catch(() => undefined);
        },
      };
    },
  };
}
