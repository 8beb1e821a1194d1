import type { ServiceRequest } from '@leadwire/platform';
import type { Tx, WorkspaceTx } from './event-log.ts';

export const LEAD_OUTCOME = 'lead.outcome';

export type StageKind = 'OPEN' | 'WON' | 'LOST';
/** DELETED is final: the lead is gone, so it stops counting and leaves the queue for good. */
export type LeadOutcome = 'WON' | 'LOST' | 'REOPENED' | 'DELETED';

interface LeadOutcomeNotice {
  workspaceId: string;
  leadId: string;
  outcome: LeadOutcome;
  /**
   * Where the change stands in the workspace's sequence (the MOVED or DELETED
   * event's board cursor, or a stage change's stamp): assignment applies only
   * the newest notice of a lead.
   */
  cursor: string;
}

/** What assignment must hear of a move from one stage kind to another; null when nothing changed for it. */
export function outcomeOf(from: StageKind, to: StageKind): LeadOutcome | null {
  if (from === to) return null;
  return to === 'OPEN' ? 'REOPENED' : to;
}

/**
 * Assignment counts a consultant's open leads against their capacity, and
 * stages are ours: a lead reaching WON or LOST (or leaving them) is written to
 * the outbox in the move's own transaction and delivered to assignment's
 * `recordLeadOutcome` through the router, however long that takes.
 */
export function enqueueLeadOutcome(tx: Tx, payload: LeadOutcomeNotice) {
  return tx.outbox.create({ data: { topic: LEAD_OUTCOME, payload: { ...payload } } });
}

/**
 * A stage changing kind changes the outcome of every lead in it at once: one
 * notice per lead, written by one statement in the stage change's own
 * transaction (a stage may hold tens of thousands of leads). They share the
 * change's stamp as their cursor, which orders it after every move already
 * made and before any move to come. Returns how many were written.
 */
export function enqueueStageOutcomes(w: WorkspaceTx, stageId: string, outcome: LeadOutcome, cursor: bigint): Promise<number> {
  // "createdAt" and "nextAttemptAt" in UTC, as the relay compares them, whatever the session's time zone.
  return w.tx.$executeRaw`
    INSERT INTO "Outbox" ("topic", "payload", "createdAt", "nextAttemptAt")
    SELECT ${LEAD_OUTCOME},
           jsonb_build_object('workspaceId', l."workspaceId", 'leadId', l."id", 'outcome', ${outcome}::text, 'cursor', ${String(cursor)}::text),
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    FROM "Lead" l
    WHERE l."workspaceId" = ${w.workspaceId}::uuid AND l."stageId" = ${stageId}::uuid
    ORDER BY l."position", l."id"`;
}

const RECORD_OUTCOME = /* GraphQL */ `mutation RecordLeadOutcome($leadId: ID!, $outcome: LeadOutcome!, $cursor: String!) {
  recordLeadOutcome(leadId: $leadId, outcome: $outcome, cursor: $cursor)
}`;

/** Outbox handler: calls the router as this subgraph's service identity in the lead's workspace. */
export function deliverLeadOutcome(request: ServiceRequest) {
  return async (payload: LeadOutcomeNotice) => {
    const { workspaceId, ...variables } = payload;
    const res = await request({ workspaceId, service: 'leads-outbox' }, RECORD_OUTCOME, variables);
    if (res.status !== 200 || res.errors?.length || !res.data) throw new Error(`recordLeadOutcome failed (${res.status}): ${JSON.stringify(res.errors)}`);
  };
}
