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
  whatsappSessions: (workspaceId: string) => `whatsapp-sessions:${workspaceId}`,
  assignments: (workspaceId: string) => `assignments:${workspaceId}`,
};

export interface WakeUp {
  workspaceId: string;
  cursor: string;
  leadId?: string;
}

export function createPubSub(redisUrl: string, onError: (err: Error) => void = () => undefined): RedisPubSub {
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false };
  const publisher = new Redis(redisUrl, options);
  // The subscriber queues its SUBSCRIBE commands while Redis is away and
  // re-subscribes on reconnect, so subscriptions survive a Redis restart.
  const subscriber = new Redis(redisUrl, { ...options, enableOfflineQueue: true });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  return new RedisPubSub({ publisher, subscriber });
}

/** Disconnects without waiting for Redis: `quit()` would hang while Redis is down. */
export function closePubSub(pubsub: RedisPubSub): void {
  pubsub.getPublisher().disconnect();
  pubsub.getSubscriber().disconnect();
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
