import type { ServiceRequest } from '@leadwire/platform';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { inWorkspaceLock } from './assign.ts';

/** What messaging says about a lead since it was assigned. */
export type FirstResponse =
  | { kind: 'answered'; at: Date }
  | { kind: 'unanswered' }
  /** The lead no longer exists. */
  | { kind: 'gone' }
  /** Could not tell (the router or messaging failed): decide on a later sweep. */
  | { kind: 'unknown' };

export type FirstResponseCheck = (workspaceId: string, leadId: string, since: Date) => Promise<FirstResponse>;

// A consultant's answer is an outbound message they wrote, from the web app
// (sendMessage) or from the team phone (ingested with author CONSULTANT).
const MESSAGES = /* GraphQL */ `query SlaFirstResponse($id: ID!) {
  lead(id: $id) { id messages(last: 100) { direction author createdAt } }
}`;

interface MessagesData {
  lead: { id: string; messages: Array<{ direction: string; author: string; createdAt: string }> } | null;
}

/**
 * Asks messaging, through the router as this service, before an SLA moves a
 * lead: the sweep never reassigns on a `markLeadAnswered` notice that is late
 * or was never sent.
 */
export function createFirstResponseCheck(request: ServiceRequest): FirstResponseCheck {
  return async (workspaceId, leadId, since) => {
    try {
      const res = await request<MessagesData>({ workspaceId, service: 'assignment-sla' }, MESSAGES, { id: leadId });
      if (res.status !== 200 || res.errors?.length || !res.data) return { kind: 'unknown' };
      if (!res.data.lead) return { kind: 'gone' };
      const answers = res.data.lead.messages
        .filter((m) => m.direction === 'OUTBOUND' && m.author === 'CONSULTANT' && new Date(m.createdAt) >= since)
        .map((m) => new Date(m.createdAt).getTime());
      return answers.length ? { kind: 'answered', at: new Date(Math.min(...answers)) } : { kind: 'unanswered' };
    } catch {
      return { kind: 'unknown' };
    }
  };
}

/**
 * Records the first answer to the lead's open assignment; false when there is
 * none, it was already answered, or `at` is before it began (an answer to
 * the previous holder's period does not count for this one).
 */
export function markAnswered(prisma: PrismaClient, workspaceId: string, leadId: string, at: Date): Promise<boolean> {
  // Under the lock so that a sweep deciding this lead sees the answer or moves the lead first, never half of each.
  return inWorkspaceLock(prisma, workspaceId, async (tx) => {
    const res = await tx.assignment.updateMany({
      where: { workspaceId, leadId, endedAt: null, firstResponseAt: null, assignedAt: { lte: at } },
      data: { firstResponseAt: at },
    });
    return res.count > 0;
  });
}
