import { channels, type Identity } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';
import type { ChannelListeners } from './channel-listeners.ts';
import { createConsultantLeads, type ConsultantLeads, type Viewer } from './consultant-leads.ts';
import { pause, type SubscriptionGroup } from './subscription-group.ts';

const PROBE_PAGE = 500;
const PROBE = /* GraphQL */ `query LwBoardProbe($after: String) {
  boardEventsSince(after: $after, first: ${PROBE_PAGE}) { cursor leadId lead { assignee { id } } }
}`;

/** Who reads which leads new board events are about (and the head of the log): the router, for one workspace. */
export const routerService = (workspaceId: string): Identity => ({ kind: 'service', workspaceId, keyId: 'router-subscriptions' });

export interface FilterDeps {
  /** Least time between two probes of a workspace while events keep coming. */
  batchMs: number;
  execute: (identity: Identity, ip: string, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
  listen: ChannelListeners['listen'];
  probed: () => void;
  filtered: () => void;
}

interface Filtered {
  group: SubscriptionGroup;
  viewer: Viewer;
  /** Every event up to here was delivered to the group or known not to be about its leads. */
  checkedUpTo: bigint;
}

interface Workspace {
  id: string;
  /** The last event the probe has read. */
  cursor: bigint;
  groups: Set<Filtered>;
  leads: ConsultantLeads;
  dirty: boolean;
  pumping: boolean;
  lastProbe: number;
  stop: () => void;
}

interface ProbedEvent {
  cursor: bigint;
  leadId: string;
}

/**
 * Spares a consultant's board groups the replays of events about leads they
 * cannot see. Per workspace and batch of events, one read of which leads the
 * new events are about and who holds each now (as the router's own service
 * identity) is shared by all its consultant groups, and keeps every
 * consultant's list of visible leads current (see ConsultantLeads). A group
 * is woken when a new event is about one of its leads, or when in doubt.
 * This only ever skips a replay: the replay runs as the consultant and the
 * subgraphs decide what they see, and cursors only move with what was
 * delivered, so an event skipped on a stale list arrives with the next replay.
 */
export function createConsultantFilter(deps: FilterDeps) {
  const workspaces = new Map<string, Workspace>();
  const byGroup = new Map<SubscriptionGroup, Filtered>();

  const wakeAll = (w: Workspace) => w.groups.forEach((f) => f.group.wake());

  async function probe(w: Workspace) {
    w.dirty = true;
    if (w.pumping) return;
    w.pumping = true;
    try {
      while (w.dirty && w.groups.size) {
        await pause(w.lastProbe + deps.batchMs - Date.now());
        w.lastProbe = Date.now();
        w.dirty = false;
        const from = w.cursor;
        deps.probed();
        const result = await deps.execute(routerService(w.id), 'router', PROBE, { after: String(from) });
        type Row = { cursor: string; leadId: string; lead: { assignee: { id: string } | null } | null };
        const rows = result.data?.boardEventsSince as Row[] | undefined;
        if (!rows) {
          wakeAll(w);
          break;
        }
        // Who holds each lead now; a lead gone (deleted) keeps what the lists said.
        for (const row of rows) if (row.lead) w.leads.observe(row.leadId, row.lead.assignee?.id ?? null);
        const batch: ProbedEvent[] = rows.map((r) => ({ cursor: BigInt(r.cursor), leadId: r.leadId }));
        const to = batch.length ? batch[batch.length - 1]!.cursor : from;
        if (to > w.cursor) w.cursor = to;
        for (const f of w.groups) decide(f, from, to, batch);
        if (rows.length >= PROBE_PAGE) w.dirty = true;
      }
    } catch {
      // Unknown: let every group replay; the replay is the truth.
      wakeAll(w);
    } finally {
      w.pumping = false;
    }
  }

  function decide(f: Filtered, from: bigint, to: bigint, batch: ProbedEvent[]) {
    const ids = f.viewer.ids;
    const unsure = f.group.retrying || f.checkedUpTo < from || ids === null;
    let newest: bigint | undefined;
    if (!unsure) for (const e of batch) if (e.cursor > f.checkedUpTo && ids.has(e.leadId)) newest = e.cursor;
    // A replay woken now starts after this batch was read, so it covers it.
    if (to > f.checkedUpTo) f.checkedUpTo = to;
    if (unsure) f.group.wake();
    else if (newest !== undefined) f.group.wake(newest);
    else deps.filtered();
  }

  function workspace(id: string, cursor: bigint): Workspace {
    const existing = workspaces.get(id);
    if (existing) return existing;
    const w: Workspace = {
      id, cursor, groups: new Set(), dirty: false, pumping: false, lastProbe: 0,
      leads: createConsultantLeads(deps.execute, (viewer) => {
        for (const f of w.groups) if (f.viewer === viewer) f.group.wake();
      }),
      stop: () => undefined,
    };
    w.stop = deps.listen(channels.board(id), () => void probe(w));
    workspaces.set(id, w);
    return w;
  }

  return {
    /**
     * Puts a consultant's board group behind the filter, from `cursor` (its
     * first member's); returns what takes it out again.
     */
    track(group: SubscriptionGroup, who: { identity: Identity & { kind: 'user' }; ip: string }, cursor: bigint): () => void {
      const w = workspace(group.spec.workspaceId, cursor);
      const f: Filtered = { group, viewer: w.leads.take(who.identity, who.ip), checkedUpTo: cursor };
      w.groups.add(f);
      byGroup.set(group, f);
      group.knownHead = () => w.cursor;
      group.onCaughtUp = (head) => {
        if (head > f.checkedUpTo) f.checkedUpTo = head;
      };
      return () => {
        byGroup.delete(group);
        w.groups.delete(f);
        w.leads.release(f.viewer);
        if (!w.groups.size && workspaces.get(w.id) === w) {
          w.stop();
          workspaces.delete(w.id);
        }
      };
    },
    /** A member joined with an older cursor: what lies after it is not known to be filtered. */
    rewind(group: SubscriptionGroup, cursor: bigint) {
      const f = byGroup.get(group);
      if (f && cursor < f.checkedUpTo) f.checkedUpTo = cursor;
    },
    /** The safety net: every workspace's new events are read as if Redis had said so, and lists that failed are read again. */
    probeAll() {
      for (const w of workspaces.values()) {
        w.leads.retryFailed();
        void probe(w);
      }
    },
    get workspaces() {
      return workspaces.size;
    },
  };
}

export type ConsultantFilter = ReturnType<typeof createConsultantFilter>;
