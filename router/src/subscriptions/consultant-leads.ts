import type { Identity } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';

const VISIBLE = /* GraphQL */ `query LwVisibleLeads { myAssignedLeadIds }`;

/** A consultant with a board open here: the leads they may see, as far as the router knows. */
export interface Viewer {
  userId: string;
  identity: Identity;
  ip: string;
  /** null until first read (or after a failed read): then every batch wakes their groups. */
  ids: Set<string> | null;
  /** Owners seen in the log while the first read was in flight, applied once it lands. */
  seenWhileLoading: Array<[string, string | null]> | null;
  groups: number;
}

type Execute = (identity: Identity, ip: string, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;

/**
 * The visible leads of one workspace's consultants. Each list is read once,
 * as the consultant (`myAssignedLeadIds`), when their first board group
 * opens; after that it follows the board log itself: every change of assignee
 * writes an UPDATED event for the lead (assignment's outbox, `touchLead`), and
 * the consultant filter reads each event's current assignee, so one read per
 * batch keeps every consultant's list current instead of one read per
 * consultant per assignment.
 */
export function createConsultantLeads(execute: Execute, onGained: (viewer: Viewer) => void) {
  const viewers = new Map<string, Viewer>();
  /** lead → the tracked consultant whose list holds it. */
  const holders = new Map<string, string>();

  function place(leadId: string, owner: string | null) {
    const previous = holders.get(leadId);
    if (previous === owner) return;
    if (previous) viewers.get(previous)?.ids?.delete(leadId);
    holders.delete(leadId);
    const next = owner ? viewers.get(owner) : undefined;
    if (next?.ids) {
      next.ids.add(leadId);
      holders.set(leadId, next.userId);
    }
  }

  async function load(viewer: Viewer) {
    viewer.seenWhileLoading = [];
    try {
      const result = await execute(viewer.identity, viewer.ip, VISIBLE, {});
      const list = result.data?.myAssignedLeadIds;
      if (!Array.isArray(list)) throw new Error('myAssignedLeadIds was not answered');
      viewer.ids = new Set();
      for (const id of list) place(String(id), viewer.userId);
      for (const [leadId, owner] of viewer.seenWhileLoading) place(leadId, owner);
      // Anything skipped while unsure was not skipped (null wakes every batch); a lead seen
      // assigned to them while loading may have had events before: one replay settles it.
      if (viewer.seenWhileLoading.some(([, owner]) => owner === viewer.userId)) onGained(viewer);
    } catch {
      viewer.ids = null;
    } finally {
      viewer.seenWhileLoading = null;
    }
  }

  return {
    /** The consultant's entry, read now if new; count it with `release`. */
    take(identity: Identity & { kind: 'user' }, ip: string): Viewer {
      let viewer = viewers.get(identity.userId);
      if (!viewer) {
        viewer = { userId: identity.userId, identity, ip, ids: null, seenWhileLoading: null, groups: 0 };
        viewers.set(identity.userId, viewer);
        void load(viewer);
      }
      viewer.groups += 1;
      return viewer;
    },
    release(viewer: Viewer) {
      viewer.groups -= 1;
      if (viewer.groups > 0 || viewers.get(viewer.userId) !== viewer) return;
      viewers.delete(viewer.userId);
      for (const id of viewer.ids ?? []) if (holders.get(id) === viewer.userId) holders.delete(id);
    },
    /** The log says who holds a lead now (null: nobody, or nobody with a board open here). */
    observe(leadId: string, owner: string | null) {
      for (const viewer of viewers.values()) viewer.seenWhileLoading?.push([leadId, owner]);
      place(leadId, owner && viewers.has(owner) ? owner : null);
    },
    /** The safety net: lists that could not be read are read again. */
    retryFailed() {
      for (const viewer of viewers.values()) if (viewer.ids === null && !viewer.seenWhileLoading) void load(viewer);
    },
    get size() {
      return viewers.size;
    },
  };
}

export type ConsultantLeads = ReturnType<typeof createConsultantLeads>;
