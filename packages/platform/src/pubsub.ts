import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';

/**
 * Channels carry wake-ups, not data: `{ workspaceId, cursor }`. PostgreSQL's
 * event logs are the record; the router re-reads them from its last cursor on
 * every wake-up, so a lost Redis message delays an event but never loses it.
 */
export const channels = {
  board: (workspaceId: string) => `board:${workspaceId}`,
  messages: (workspaceId: string) => `messages:${workspaceId}`,
};

export interface WakeUp {
  workspaceId: string;
  cursor: string;
  leadId?: string;
}

export function createPubSub(redisUrl: string): RedisPubSub {
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false };
  return new RedisPubSub({
    publisher: new Redis(redisUrl, options),
    subscriber: new Redis(redisUrl, { ...options, enableOfflineQueue: true }),
  });
}

/** Publishing is best effort by design (see above); failures are logged, not thrown. */
export async function wake(
  pubsub: RedisPubSub,
  channel: string,
  payload: WakeUp,
  onError: (err: unknown) => void,
): Promise<void> {
  try {
    await pubsub.publish(channel, payload);
  } catch (err) {
    onError(err);
  }
}
