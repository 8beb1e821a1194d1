import type { ServiceRequest } from '@leadwire/platform';
import type { Tx } from './event-log.ts';

export const LEAD_OUTCOME = 'lead.outcome';

export type StageKind = 'OPEN' | 'WON' | 'LOST';
export type LeadOutcome = 'WON' | 'LOST' | 'REOPENED';

interface LeadOutcomeNotice {
  workspaceId: string;
  leadId: string;
  outcome: LeadOutcome;
  /** The MOVED event's board cursor: assignment applies only the newest notice of a lead. */
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
