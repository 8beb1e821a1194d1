import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { LeadAccess, LeadDirectory, Loaders, RequestContext, RouterRequest } from '@leadwire/platform';
import type { JobRelay } from '@leadwire/platform/job-relay';
import type { PrismaClient } from './generated/prisma/client.ts';

/** What a resolver may use: the caller, and the process-wide dependencies. */
export interface MessagingDeps {
  prisma: PrismaClient;
  pubsub: RedisPubSub;
  router: RouterRequest;
  /** Whether ids of leads and threads (owned elsewhere) exist in a workspace. */
  directory: LeadDirectory;
  /** Hands recorded jobs to their queues now; call after committing. */
  jobs: Pick<JobRelay, 'poke' | 'stats'>;
  /** The WhatsApp session consultants send from. */
  teamSessionId: string;
  defaultPhoneRegion: string;
}

export interface MessagingContext extends RequestContext, MessagingDeps {
  access: LeadAccess;
  loader: Loaders;
}
