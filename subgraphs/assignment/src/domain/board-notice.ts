import { createIdentitySigner, IDENTITY_HEADER } from '@leadwire/platform';
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
export function deliverLeadTouched(routerUrl: string, signingSecret: string) {
  const sign = createIdentitySigner(signingSecret);
  return async (payload: LeadTouched) => {
    const identity = await sign({ kind: 'service', workspaceId: payload.workspaceId, keyId: 'assignment-outbox' });
    const res = await fetch(routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
      body: JSON.stringify({ query: TOUCH_LEAD, variables: { id: payload.leadId } }),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    // A lead deleted meanwhile has no board card to refresh: that is delivered, not failed.
    if (body.errors?.every((e) => e.extensions?.code === 'NOT_FOUND')) return;
    if (!res.ok || body.errors?.length || !body.data) throw new Error(`touchLead failed (${res.status}): ${JSON.stringify(body.errors)}`);
  };
}
