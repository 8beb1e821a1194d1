import { seesAllLeads } from './identity.ts';
import type { RouterRequest } from './router-client.ts';
import type { RequestContext } from './subgraph.ts';

const ASSIGNED_LEADS = /* GraphQL */ `query LeadAccess { myAssignedLeadIds }`;

export interface LeadAccess {
  /** null when the caller sees every lead of the workspace. */
  visibleLeadIds(): Promise<Set<string> | null>;
  canSee(leadId: string): Promise<boolean>;
}

/**
 * Consultants see only the leads assigned to them, and assignments belong to
 * the assignment subgraph: every other subgraph asks it, through the router,
 * once per request.
 */
export function createLeadAccess(ctx: RequestContext, request: RouterRequest): LeadAccess {
  let visible: Promise<Set<string> | null> | undefined;
  const visibleLeadIds = () => {
    visible ??= seesAllLeads(ctx.identity)
      ? Promise.resolve(null)
      : request<{ myAssignedLeadIds: string[] }>(ASSIGNED_LEADS, {}, ctx).then((d) => new Set(d.myAssignedLeadIds));
    return visible;
  };
  return {
    visibleLeadIds,
    async canSee(leadId) {
      const ids = await visibleLeadIds();
      return ids === null || ids.has(leadId);
    },
  };
}
