import type { ServiceRequest } from '@leadwire/platform';
import { Prisma, type AssignmentReason, type PrismaClient } from '../generated/prisma/client.ts';
import type { Tx } from './assign.ts';

export const LEAD_ASSIGNED = 'lead.assigned';

/**
 * Distribution's reasons (and rotation taking over a deactivated holder's
 * leads). A person who picks a consultant (MANUAL, HANDOFF)
 * tells the lead themselves, and a REOPENED lead goes back to someone it
 * already knows.
 */
const INTRODUCED: ReadonlySet<AssignmentReason> = new Set<AssignmentReason>(['ROUND_ROBIN', 'QUEUE_DRAINED', 'SLA_REASSIGNED', 'DEACTIVATION_REASSIGNED']);

export const isIntroduced = (reason: AssignmentReason) => INTRODUCED.has(reason);

export interface LeadAssigned {
  workspaceId: string;
  leadId: string;
  assignmentId: string;
  consultantName: string;
}

/**
 * The lead hears on WhatsApp who will look after it (conversations'
 * `introduceAssignee`). Written in the assignment's own transaction so that
 * however a lead was handed out (placed at once, drained from the queue,
 * moved by the SLA) the introduction cannot be lost between commit and call.
 */
export function enqueueLeadAssigned(tx: Tx, payload: LeadAssigned) {
  return tx.outbox.create({ data: { topic: LEAD_ASSIGNED, payload: { ...payload } } });
}

/** The same row as a CTE of distribution's one-statement insert, read from its `made` CTE. */
export const leadAssignedCte = Prisma.sql`intro AS (
  INSERT INTO "Outbox" ("topic", "payload")
  SELECT ${LEAD_ASSIGNED}, jsonb_build_object('workspaceId', made."workspaceId", 'leadId', made."leadId", 'assignmentId', made."id", 'consultantName', u."name")
  FROM made JOIN "User" u ON u."id" = made."userId"
)`;

const INTRODUCE = /* GraphQL */ `mutation IntroduceAssignee($leadId: ID!, $assignmentId: ID!, $consultantName: String!) {
  introduceAssignee(leadId: $leadId, assignmentId: $assignmentId, consultantName: $consultantName)
}`;

/**
 * Outbox handler: asks conversations, through the router as this subgraph's
 * service identity in the lead's workspace, to introduce the consultant. An
 * assignment that ended before its introduction went out (the lead moved on,
 * closed or was unassigned while the router was away) is not introduced: the
 * lead would be told of someone who no longer has it.
 */
export function deliverLeadAssigned(request: ServiceRequest, db: Pick<PrismaClient, 'assignment'>) {
  return async (payload: LeadAssigned) => {
    const assignment = await db.assignment.findUnique({ where: { id: payload.assignmentId }, select: { endedAt: true } });
    if (!assignment || assignment.endedAt) return;
    const { workspaceId, ...variables } = payload;
    const res = await request({ workspaceId, service: 'assignment-outbox' }, INTRODUCE, variables);
    // A lead deleted meanwhile has nobody to introduce anyone to: that is delivered, not failed.
    if (res.errors?.length && res.errors.every((e) => e.extensions?.code === 'NOT_FOUND')) return;
    if (res.status !== 200 || res.errors?.length || !res.data) throw new Error(`introduceAssignee failed (${res.status}): ${JSON.stringify(res.errors)}`);
  };
}
