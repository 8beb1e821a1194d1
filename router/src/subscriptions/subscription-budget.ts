/**
 * How many subscriptions one socket and one credential may hold open on this
 * router. Each is a replay loop and a Redis listener, so without a bound one
 * client could hold hundreds and make every wake-up expensive for everyone.
 */
export function createSubscriptionBudget(limits: { perSocket: number; perCredential: number }) {
  const bySocket = new WeakMap<object, number>();
  const byCredential = new Map<string, number>();
  return {
    /** Takes one slot, or returns why not; the returned `release` gives it back once. */
    take(socket: object, credential: string): { release: () => void } | { refused: string } {
      const onSocket = bySocket.get(socket) ?? 0;
      const ofCredential = byCredential.get(credential) ?? 0;
      if (onSocket >= limits.perSocket) return { refused: `At most ${limits.perSocket} subscriptions per connection` };
      if (ofCredential >= limits.perCredential) return { refused: `At most ${limits.perCredential} subscriptions per credential` };
      bySocket.set(socket, onSocket + 1);
      byCredential.set(credential, ofCredential + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          bySocket.set(socket, (bySocket.get(socket) ?? 1) - 1);
          const left = (byCredential.get(credential) ?? 1) - 1;
          if (left > 0) byCredential.set(credential, left);
          else byCredential.delete(credential);
        },
      };
    },
  };
}
