import { join } from 'node:path';
import type { PlatformEnv } from '@leadwire/platform';

export type SubgraphName = 'leads' | 'conversations' | 'assignment' | 'messaging';
export type SubgraphUrls = Record<SubgraphName, string>;

export const DEFAULT_SUPERGRAPH = join(import.meta.dirname, '..', '..', 'schema', 'supergraph.graphql');

export function subgraphUrlsFromEnv(source: NodeJS.ProcessEnv = process.env): SubgraphUrls {
  return {
    leads: source.LEADS_URL ?? 'http://127.0.0.1:4001/graphql',
    conversations: source.CONVERSATIONS_URL ?? 'http://127.0.0.1:4002/graphql',
    assignment: source.ASSIGNMENT_URL ?? 'http://127.0.0.1:4003/graphql',
    messaging: source.MESSAGING_URL ?? 'http://127.0.0.1:4004/graphql',
  };
}

export interface RouterLimits {
  /** Landing-page submissions per IP per minute. */
  submitPerMinute: number;
  /** Login attempts per IP per minute. */
  loginPerMinute: number;
  /** Safety-net replay for subscribers whose Redis wake-ups were lost. */
  subscriptionPollMs: number;
}

export function limitsFromEnv(source: NodeJS.ProcessEnv = process.env): RouterLimits {
  return {
    submitPerMinute: Number(source.SUBMIT_RATE_PER_MINUTE ?? 10),
    loginPerMinute: Number(source.LOGIN_RATE_PER_MINUTE ?? 30),
    subscriptionPollMs: Number(source.SUBSCRIPTION_POLL_MS ?? 15_000),
  };
}

export const isDevelopment = (env: PlatformEnv) => env.NODE_ENV === 'development';
