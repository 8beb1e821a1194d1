import type { Loaders, OutboxRelay, RequestContext, RouterRequest } from '@leadwire/platform';
import type { PrismaClient } from './generated/prisma/client.ts';

/** Asks whether a lead exists in the caller's workspace, with the caller's permissions. */
export type LeadExists = (ctx: AssignmentContext, leadId: string) => Promise<boolean>;

/** What a resolver may use: the caller, and the process-wide dependencies. */
export interface AssignmentDeps {
  prisma: PrismaClient;
  router: RouterRequest;
  jwtSecret: string;
  leadExists: LeadExists;
  /** Poke after committing a transaction that wrote to the outbox. */
  outbox: Pick<OutboxRelay, 'poke'>;
  /** How long a consultant has to answer a lead distribution gave them. */
  slaWindowMs: number;
  /**
   * Call after committing assignments: delivers their board notices now and
   * wakes the workspace's `myAssignments` subscribers. Best effort; never throws.
   */
  announce: (workspaceId: string) => void;
}

export interface AssignmentContext extends RequestContext, AssignmentDeps {
  loader: Loaders;
}
