import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { LeadAccess, Loaders, RequestContext, RouterRequest } from '@leadwire/platform';
import type { PrismaClient } from './generated/prisma/client.ts';

/** What a resolver may use: the caller, and the process-wide dependencies. */
export interface ConversationsDeps {
  prisma: PrismaClient;
  /** Wakes the router's subscribers after a WhatsApp session changes. */
  pubsub: RedisPubSub;
  router: RouterRequest;
}

export interface ConversationsContext extends RequestContext, ConversationsDeps {
  access: LeadAccess;
  loader: Loaders;
}
