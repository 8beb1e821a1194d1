import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { LeadAccess, Loaders, OutboxRelay, RequestContext, RouterRequest } from '@leadwire/platform';
import type { PrismaClient } from './generated/prisma/client.ts';

/** What a resolver may use: the caller, and the process-wide dependencies. */
export interface LeadsDeps {
  prisma: PrismaClient;
  pubsub: RedisPubSub;
  router: RouterRequest;
  defaultPhoneRegion: string;
  /** Poke after committing a transaction that wrote to the outbox. */
  outbox: Pick<OutboxRelay, 'poke'>;
}

export interface LeadsContext extends RequestContext, LeadsDeps {
  access: LeadAccess;
  loader: Loaders;
}
