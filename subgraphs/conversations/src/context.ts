import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { LeadAccess, Loaders, RequestContext, RouterRequest } from '@leadwire/platform';
import type { PrismaClient } from './generated/prisma/client.ts';

/** What a resolver may use: the caller, and the process-wide dependencies. */
export interface ConversationsDeps {
  prisma: PrismaClient;
  /** Wakes the router's subscribers after a WhatsApp session changes. */
  pubsub: RedisPubSub;
  router: RouterRequest;
  /** The WhatsApp session the AI agent talks on (WHATSAPP_AGENT_SESSION): where leads are introduced to consultants. */
  agentSessionId: string;
}

export interface ConversationsContext extends RequestContext, ConversationsDeps {
  access: LeadAccess;
  loader: Loaders;
}
