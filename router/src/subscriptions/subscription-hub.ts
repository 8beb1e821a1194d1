import { seesAllLeads, type Identity } from '@leadwire/platform';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { Kind, print, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Credentials } from '../auth/authenticate.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { selectsCallerFields, visibilityClass } from '../visibility-class.ts';
import { createChannelListeners } from './channel-listeners.ts';
import { createConsultantFilter, routerService } from './consultant-filter.ts';
import { createMemberStream, type MemberStream } from './member-stream.ts';
import { AFTER_VARIABLE, type ReplayPlan } from './replay-query.ts';
import { SubscriptionGroup, type GroupSpec, type Member } from './subscription-group.ts';

export interface HubOptions {
  execute: (identity: Identity, ip: string, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
  reauthenticate: (credentials: Credentials) => Promise<Identity | null>;
  pubsub: RedisPubSub;
  metrics: Metrics;
  /** Safety-net replay of every group, in case Redis dropped a wake-up. */
  pollMs: number;
  /** Least time between two replays of a group (or probes of a workspace) during a burst. */
  batchMs: number;
}

export interface JoinRequest {
  plan: ReplayPlan;
  /** The client's variables; only those the replay uses make up the group. */
  variables: Record<string, unknown>;
  identity: Identity & { workspaceId: string };
  credentials: Credentials;
  ip: string;
  cursor: bigint;
  forbid: (message: string) => void;
  /** Gives back the subscription's place in the budget. */
  release: () => void;
}

const BOARD_HEAD = /* GraphQL */ `query LwBoardHead { boardCursor }`;

/** JSON with sorted keys: `{a, b}` and `{b, a}` are one group. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two subscriptions' results identical, apart from who asks. */
function templateOf(plan: ReplayPlan, clientVariables: Record<string, unknown>): Omit<GroupSpec, 'key' | 'classKey' | 'workspaceId' | 'channel'> {
  const operation = plan.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name !== AFTER_VARIABLE && clientVariables[name] !== undefined) variables[name] = clientVariables[name];
  }
  const { after: _after, ...args } = plan.args;
  const query = print(plan.document);
  return {
    template: `${plan.live.replayField}\n${plan.responseKey}\n${query}\n${canonical(variables)}`,
    field: plan.live.replayField,
    responseKey: plan.responseKey,
    query,
    variables,
    args,
    live: plan.live,
    callerDependent: selectsCallerFields(plan.document),
  };
}

/**
 * Every open subscription of this router, in groups that share one replay
 * (see SubscriptionGroup). Groups are created with their first member and
 * dropped with their last, with their Redis listener and filter state.
 */
export function createSubscriptionHub(opts: HubOptions) {
  const listeners = createChannelListeners(opts.pubsub);
  const groups = new Map<string, { group: SubscriptionGroup; stop: () => void; filtered: boolean }>();
  const filter = createConsultantFilter({
    execute: opts.execute,
    batchMs: opts.batchMs,
    listen: listeners.listen,
    probed: () => opts.metrics.probes.inc(),
    filtered: () => opts.metrics.filtered.inc(),
  });

  const groupDeps = {
    execute: opts.execute,
    batchMs: opts.batchMs,
    reauthenticate: opts.reauthenticate,
    classOf: (identity: Identity, spec: GroupSpec) => visibilityClass(identity, spec.callerDependent),
    move(member: Member, identity: Identity) {
      const spec = member.group!.spec;
      member.group!.remove(member);
      member.identity = identity;
      place(member, spec);
    },
    emptied(group: SubscriptionGroup) {
      const entry = groups.get(group.spec.key);
      if (entry?.group !== group) return;
      groups.delete(group.spec.key);
      entry.stop();
      opts.metrics.groups.dec({ field: group.spec.field });
    },
    replayed: (field: string) => opts.metrics.groupReplays.inc({ field }),
    delivered: (field: string, count: number) => opts.metrics.replays.inc({ field }, count),
  };

  function create(spec: GroupSpec, first: Member): SubscriptionGroup {
    const group = new SubscriptionGroup(spec, groupDeps);
    const identity = first.identity;
    const consultantBoard = spec.field === 'boardEventsSince' && identity.kind === 'user' && !seesAllLeads(identity);
    const stop = consultantBoard
      ? filter.track(group, { identity, ip: first.ip }, first.cursor)
      : listeners.listen(spec.channel, (wake) => {
          if (!spec.live.matches || spec.live.matches(wake, spec.args)) group.wake(/^\d{1,18}$/.test(wake.cursor) ? BigInt(wake.cursor) : undefined);
        });
    groups.set(spec.key, { group, stop, filtered: consultantBoard });
    opts.metrics.groups.inc({ field: spec.field });
    return group;
  }

  function place(member: Member, base: GroupSpec) {
    const classKey = visibilityClass(member.identity, base.callerDependent);
    const key = `${base.template}\n${classKey}`;
    const spec: GroupSpec = { ...base, key, classKey };
    const existing = groups.get(key)?.group;
    const group = existing ?? create(spec, member);
    if (existing) filter.rewind(group, member.cursor);
    group.add(member);
  }

  /** The newest board event of a workspace, read as the router itself; null when it cannot be read. */
  async function boardHead(workspaceId: string): Promise<bigint | null> {
    const result = await opts.execute(routerService(workspaceId), 'router', BOARD_HEAD, {}).catch(() => null);
    const cursor = result?.data?.boardCursor;
    return typeof cursor === 'string' && /^\d{1,18}$/.test(cursor) ? BigInt(cursor) : null;
  }

  /**
   * The safety net for wake-ups Redis lost (a publisher that could not reach
   * it), and the catch-up after a reconnect. Board groups, the many, cost one
   * read per workspace: the head of the log, or the consultant filter's probe;
   * only groups behind it replay. Other groups replay.
   */
  async function poll() {
    filter.probeAll();
    const heads = new Map<string, Promise<bigint | null>>();
    for (const { group, filtered } of groups.values()) {
      if (filtered) continue;
      if (group.spec.field !== 'boardEventsSince') {
        group.wake();
        continue;
      }
      let head = heads.get(group.spec.workspaceId);
      if (!head) heads.set(group.spec.workspaceId, (head = boardHead(group.spec.workspaceId)));
      void head.then((cursor) => group.wake(cursor ?? undefined));
    }
  }

  const timer = setInterval(() => void poll(), opts.pollMs);
  timer.unref();

  return {
    /** Adds a subscription to its group; the returned stream is what graphql-ws iterates. */
    join(request: JoinRequest): MemberStream {
      const base = templateOf(request.plan, request.variables);
      const spec: GroupSpec = {
        ...base,
        key: '',
        classKey: '',
        workspaceId: request.identity.workspaceId,
        channel: request.plan.live.channel(request.identity.workspaceId),
      };
      const { field } = spec;
      const { release } = request;
      opts.metrics.subscriptions.inc({ field });
      const member: Member = {
        identity: request.identity,
        credentials: request.credentials,
        ip: request.ip,
        cursor: request.cursor,
        forbid: request.forbid,
        group: null,
        // Holds on to nothing of the request (its document, its printed query): a member is small.
        stream: createMemberStream(() => {
          member.group?.remove(member);
          release();
          opts.metrics.subscriptions.dec({ field });
        }),
      };
      place(member, spec);
      return member.stream;
    },
    /** After a Redis reconnect: wake-ups sent meanwhile are gone. */
    catchUp: () => void poll(),
    /** After a revocation: every member's credential is presented again now, not at its next event. */
    recheckAll: () => groups.forEach(({ group }) => group.recheckMembers()),
    get size() {
      return { groups: groups.size, channels: listeners.size, filteredWorkspaces: filter.workspaces };
    },
    close() {
      clearInterval(timer);
    },
  };
}

export type SubscriptionHub = ReturnType<typeof createSubscriptionHub>;
