import type { ServiceRequest } from '@leadwire/platform';
import type { Tx } from './assign.ts';

export const LEAD_TOUCHED = 'lead.touched';

interface LeadTouched {
  workspaceId: string;
  leadId: string;
}

/**
 * The board (owned by leads) shows who holds each lead, so every change of
 * assignee is written to the outbox in the assignment's own transaction and
 * delivered to leads' `touchLead` through the router, however long that takes.
 */
export function enqueueLeadTouched(tx: Tx, payload: LeadTouched) {
  return tx.outbox.create({ data: { topic: LEAD_TOUCHED, payload: { ...payload } } });
}

const TOUCH_LEAD = /* GraphQL */ `mutation TouchLead($id: ID!) { touchLead(id: $id, reason: ASSIGNMENT_CHANGED) }`;

/** Outbox handler: calls the router as this subgraph's service identity in the lead's workspace. */
export function deliverLeadTouched(request: ServiceRequest) {
  return async (payload: LeadTouched) => {
    const res = await request({ workspaceId: payload.workspaceId, service: 'assignment-outbox' }, TOUCH_LEAD, { id: payload.leadId });
    // A lead deleted meanwhile has no board card to refresh: that is delivered, not failed.
    if (res.errors?.every((e) => e.extensions?.code === 'NOT_FOUND')) return;
    if (res.status !== 200 || res.errors?.length || !res.data) throw new Error(`touchLead failed (${res.status}): ${JSON.stringify(res.errors)}`);
  };
}
