import type { WakeUp } from '@leadwire/platform';
import type { RedisPubSub } from 'graphql-redis-subscriptions';

type Listener = (wake: WakeUp) => void;

/**
 * One Redis subscription per channel for the whole router, however many
 * groups listen to it: each wake-up is handed to every listener in process.
 * Every router subscribes for itself, so a wake-up published once reaches the
 * sockets of all of them.
 */
export function createChannelListeners(pubsub: RedisPubSub) {
  const channels = new Map<string, { listeners: Set<Listener>; subscription: Promise<number | null> }>();
  return {
    /** Returns the function that stops listening; the channel is left when nobody listens. */
    listen(channel: string, listener: Listener): () => void {
      let entry = channels.get(channel);
      if (!entry) {
        const listeners = new Set<Listener>();
        // Not awaited by callers: with Redis down the subscription waits for it, the
        // subscriber must not (the poll covers what Redis would have said meanwhile).
        const subscription = pubsub
          .subscribe(channel, (wake: WakeUp) => listeners.forEach((l) => l(wake)))
          .catch(() => null);
        entry = { listeners, subscription };
        channels.set(channel, entry);
      }
      const { listeners } = entry;
      listeners.add(listener);
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        listeners.delete(listener);
        if (listeners.size || channels.get(channel) !== entry) return;
        channels.delete(channel);
        void entry!.subscription.then((id) => id !== null && pubsub.unsubscribe(id));
      };
    },
    get size() {
      return channels.size;
    },
  };
}

export type ChannelListeners = ReturnType<typeof createChannelListeners>;
