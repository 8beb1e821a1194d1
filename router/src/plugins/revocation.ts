import type { ApolloServerPlugin } from '@apollo/server';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { RouterContext } from '../context.ts';
import { executedRootFields } from './root-fields.ts';

const CHANNEL = 'credentials:revoked';

/** Mutations after which cached keys and session checks may be wrong. */
const REVOKING = new Set(['revokeApiKey', 'updateUser']);

/**
 * Routers cache key lookups and users' session status. When a key is revoked
 * or a user deactivated or demoted through any router, every router drops
 * those caches at once and tells its listeners (open subscriptions re-check
 * their credential), instead of honouring stale answers until they expire.
 */
export function createRevocation(pubsub: RedisPubSub, caches: Array<{ forget(): void }>) {
  const listeners = new Set<() => void>();
  const revoked = () => {
    caches.forEach((c) => c.forget());
    listeners.forEach((listener) => listener());
  };
  // Not awaited: with Redis down the subscription waits for it, the router must not.
  void pubsub.subscribe(CHANNEL, revoked).catch(() => undefined);
  const plugin: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, document, request, errors }) {
          if (errors?.length || operation?.operation !== 'mutation' || !document) return;
          if (!executedRootFields(document, operation, request.variables ?? {}).some((f) => REVOKING.has(f.name))) return;
          revoked();
          await pubsub.publish(CHANNEL, { at: Date.now() }).catch(() => undefined);
        },
      };
    },
  };
  return {
    plugin,
    /** Runs `listener` after every revocation, here or on another router. */
    onRevoked(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type Revocation = ReturnType<typeof createRevocation>;
