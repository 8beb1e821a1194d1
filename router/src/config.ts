import { join } from 'node:path';
import { SUBGRAPH_NAMES, SUBGRAPHS, type PlatformEnv, type SubgraphName } from '@leadwire/platform';

export type { SubgraphName };
export type SubgraphUrls = Record<SubgraphName, string>;

export const DEFAULT_SUPERGRAPH = join(import.meta.dirname, '..', '..', 'schema', 'supergraph.graphql');

export function subgraphUrlsFromEnv(source: NodeJS.ProcessEnv = process.env): SubgraphUrls {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, source[SUBGRAPHS[name].urlEnv] ?? `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`]),
  ) as SubgraphUrls;
}

export interface RouterLimits {
  /** Landing-page submissions per key and IP per minute. */
  submitPerMinute: number;
  /** Login attempts per IP per minute. */
  loginPerMinute: number;
  /** Login attempts per account (email) per minute, whatever the address. */
  loginPerAccountPerMinute: number;
  /** Open subscriptions on one socket. */
  subscriptionsPerSocket: number;
  /** Open subscriptions of one credential (user, key) on this router. */
  subscriptionsPerCredential: number;
  /** Prefix of the rate-limit keys in Redis: deployments (or test platforms) sharing one Redis keep separate counts. */
  rateLimitNamespace: string;
  /** Safety-net replay for subscribers whose Redis wake-ups were lost. */
  subscriptionPollMs: number;
  /**
   * Least time between two replays of one subscription group: the first event
   * after a quiet spell is replayed at once, the events of a burst wait at most
   * this long and share one replay.
   */
  subscriptionBatchMs: number;
}

export function limitsFromEnv(source: NodeJS.ProcessEnv = process.env): RouterLimits {
  return {
    submitPerMinute: Number(source.SUBMIT_RATE_PER_MINUTE ?? 10),
    loginPerMinute: Number(source.LOGIN_RATE_PER_MINUTE ?? 30),
    loginPerAccountPerMinute: Number(source.LOGIN_ACCOUNT_RATE_PER_MINUTE ?? 10),
    subscriptionsPerSocket: Number(source.SUBSCRIPTIONS_PER_SOCKET ?? 20),
    subscriptionsPerCredential: Number(source.SUBSCRIPTIONS_PER_CREDENTIAL ?? 100),
    rateLimitNamespace: source.RATE_LIMIT_NAMESPACE ?? 'rl',
    subscriptionPollMs: Number(source.SUBSCRIPTION_POLL_MS ?? 15_000),
    subscriptionBatchMs: Number(source.SUBSCRIPTION_BATCH_MS ?? 50),
  };
}

export const isDevelopment = (env: PlatformEnv) => env.NODE_ENV === 'development';
