import { seesAllLeads } from './identity.ts';
import type { LeadDirectory } from './lead-directory.ts';
import type { RouterRequest } from './router-client.ts';
import type { RequestContext } from './subgraph.ts';

const ASSIGNED_LEADS = /* GraphQL */ `query LeadAccess { myAssignedLeadIds }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LeadAccess {
  /** null when the caller sees every lead of the workspace. */
  visibleLeadIds(): Promise<Set<string> | null>;
  canSee(leadId: string): Promise<boolean>;
  /**
   * For writes, where an id is a claim to check: the lead exists in the
   * caller's workspace and the caller may see it.
   */
  exists(leadId: string): Promise<boolean>;
}

/**
 * Consultants see only the leads assigned to them, and assignments belong to
 * the assignment subgraph: every other subgraph asks it, through the router,
 * once per request.
 */
export function createLeadAccess(ctx: RequestContext, request: RouterRequest, directory?: LeadDirectory): LeadAccess {
  let visible: Promise<Set<string> | null> | undefined;
  const visibleLeadIds = () => {
    visible ??= seesAllLeads(ctx.identity)
      ? Promise.resolve(null)
      : request<{ myAssignedLeadIds: string[] }>(ASSIGNED_LEADS, {}, ctx).then((d) => new Set(d.myAssignedLeadIds));
    return visible;
  };
  const canSee = async (leadId: string) => {
    if (!UUID.test(leadId)) return false;
    const ids = await visibleLeadIds();
    return ids === null || ids.has(leadId);
  };
  return {
    visibleLeadIds,
    canSee,
    async exists(leadId) {
      const { identity } = ctx;
      if (!directory || identity.kind === 'anonymous' || identity.kind === 'system') return false;
      return (await canSee(leadId)) && directory.leadExists(identity.workspaceId, leadId);
    },
  };
}
