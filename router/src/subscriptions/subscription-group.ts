import type { Identity } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';
import type { Credentials } from '../auth/authenticate.ts';
import type { LiveField } from './live-fields.ts';
import type { MemberStream } from './member-stream.ts';
import { AFTER_VARIABLE, CURSOR_ALIAS } from './replay-query.ts';

/** The replay's page: a full page means there may be more after it. */
export const PAGE = 100;

export const pause = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** One open subscription: a socket's place in a group. */
export interface Member {
  identity: Identity;
  /** What the client connected with, presented again before every replay. */
  credentials: Credentials;
  ip: string;
  /** The last event this subscriber was given (or where it started). */
  cursor: bigint;
  stream: MemberStream;
  /** Closes the socket with 4403 and ends this subscription. */
  forbid: (message: string) => void;
  group: SubscriptionGroup | null;
}

export interface GroupDeps {
  /** Least time between two replays while events keep coming. */
  batchMs: number;
  execute: (identity: Identity, ip: string, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
  /** Presents a member's credentials again: the identity, or `null` when they are no longer valid. */
  reauthenticate: (credentials: Credentials) => Promise<Identity | null>;
  /** The class this identity belongs to, for this group's operation. */
  classOf: (identity: Identity, spec: GroupSpec) => string;
  /** Hands a member whose class changed (a new role) to the group of its new class. */
  move: (member: Member, identity: Identity) => void;
  /** The last member left: the group is gone. */
  emptied: (group: SubscriptionGroup) => void;
  replayed: (field: string) => void;
  delivered: (field: string, count: number) => void;
}

export interface GroupSpec {
  /** The template and the visibility class: the group's identity in the hub. */
  key: string;
  classKey: string;
  /** What makes results identical apart from who asks: field, alias, printed query, variables. */
  template: string;
  live: LiveField;
  /** The subscription's arguments (without `after`), for matching wake-ups. */
  args: Record<string, unknown>;
  /** Selects `me`/`my…` fields: the class is then the caller. */
  callerDependent: boolean;
  field: string;
  responseKey: string;
  /** The replay query, printed once for the whole group. */
  query: string;
  /** The operation's own variables (without `after`), the same for every member. */
  variables: Record<string, unknown>;
  channel: string;
  workspaceId: string;
}

/**
 * Subscriptions that would receive identical results (same operation,
 * variables and visibility class) served by one replay per batch of events,
 * fanned out to each member. Members may stand at different cursors (one
 * resuming, one fresh): a replay runs from the lowest and each member takes
 * only what lies after its own cursor, so every subscriber gets every event
 * once, in order. Wake-ups that arrive while a replay runs fold into the next.
 */
export class SubscriptionGroup {
  readonly members = new Set<Member>();
  closed = false;
  private dirty = false;
  private pumping = false;
  private lastReplay = 0;
  /** Whether the next replay may find anything is unknown (a join, a poll, a full page): replay. */
  private unknown = false;
  private wantedUpTo = 0n;
  private recheckPending = false;
  /** Where the last complete replay left the log, as this class sees it; null before the first. */
  private replayedThrough: bigint | null = null;
  private replayingFrom = 0n;
  /** Called after a complete replay with the cursor it is known to cover (consultant filter). */
  onCaughtUp: ((head: bigint) => void) | null = null;
  /** Where the event log stood, as far as the filter knows, when a replay starts. */
  knownHead: (() => bigint | null) | null = null;

  constructor(
    readonly spec: GroupSpec,
    private readonly deps: GroupDeps,
  ) {}

  add(member: Member) {
    member.group = this;
    this.members.add(member);
    // A newcomer behind what this group has replayed (resuming, or started
    // from a head read before the last replay) needs a replay of its own; one
    // at or past it (a fresh board opened on a busy floor) gets the next
    // events with everyone else: anything newer has a wake-up still to come.
    const behind = this.replayedThrough === null || member.cursor < this.replayedThrough || (this.pumping && member.cursor < this.replayingFrom);
    if (behind) this.wake();
  }

  remove(member: Member) {
    if (!this.members.delete(member)) return;
    member.group = null;
    if (!this.members.size && !this.closed) {
      this.closed = true;
      this.deps.emptied(this);
    }
  }

  /**
   * Something may be new. `upTo`, when the wake-up says it, is the newest
   * event: once every member stands there or past it, a replay would find
   * nothing (a wake-up that arrives while a replay already fetched its event).
   */
  wake(upTo?: bigint) {
    if (upTo === undefined) this.unknown = true;
    else if (upTo > this.wantedUpTo) this.wantedUpTo = upTo;
    this.dirty = true;
    void this.pump();
  }

  /** Presents every member's credential again (after a revocation), replaying only if something is new. */
  recheckMembers() {
    this.recheckPending = true;
    this.dirty = true;
    void this.pump();
  }

  private caughtUp(): boolean {
    if (this.unknown) return false;
    for (const m of this.members) if (m.cursor < this.wantedUpTo) return false;
    return true;
  }

  /** A replay failed and waits for the next wake-up to try again. */
  get retrying() {
    return this.dirty && !this.pumping;
  }

  private async pump() {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      let morePages = false;
      while (this.dirty && !this.closed) {
        if (this.caughtUp()) {
          this.dirty = false;
          if (this.recheckPending) {
            this.recheckPending = false;
            await this.recheck();
          }
          // A wake-up during the re-check is seen by the loop's condition.
          continue;
        }
        // The first event after a quiet spell goes out at once; during a burst
        // the next replay waits a little, so the events meanwhile share it.
        if (!morePages) await pause(this.lastReplay + this.deps.batchMs - Date.now());
        if (this.closed) break;
        this.lastReplay = Date.now();
        morePages = false;
        this.dirty = false;
        this.unknown = false;
        this.recheckPending = false;
        const executor = await this.recheck();
        if (!executor || this.closed) break;
        let from = executor.cursor;
        for (const m of this.members) if (m.cursor < from) from = m.cursor;
        const head = this.knownHead?.() ?? null;
        this.replayingFrom = from;
        this.deps.replayed(this.spec.field);
        const result = await this.deps.execute(executor.identity, executor.ip, this.spec.query, {
          ...this.spec.variables,
          [AFTER_VARIABLE]: String(from),
        });
        if (this.closed) break;
        const items = (result.data?.[this.spec.responseKey] ?? null) as Array<Record<string, unknown>> | null;
        if (!items) {
          this.fail(result);
          break;
        }
        this.deliver(items, from);
        if (items.length >= PAGE) this.dirty = this.unknown = morePages = true;
        else {
          const last = items.length ? BigInt(String(items[items.length - 1]![CURSOR_ALIAS])) : from;
          if (this.replayedThrough === null || last > this.replayedThrough) this.replayedThrough = last;
          if (head !== null && !this.dirty) this.onCaughtUp?.(head);
        }
      }
    } catch {
      // The gateway, a subgraph or the credential store failed: keep every
      // cursor and retry on the next wake-up or poll.
      this.dirty = this.unknown = true;
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Every member's credential is presented again before each replay, once per
   * credential: a revoked key or deactivated user is cut off, and a member
   * whose role changed moves to its new class. Returns who the replay runs as.
   */
  private async recheck(): Promise<Member | null> {
    const checks = new Map<string, Promise<Identity | null>>();
    const members = [...this.members];
    const identities = await Promise.all(
      members.map((m) => {
        const { authorization, apiKey, publishableKey, origin } = m.credentials;
        const key = `${authorization}\n${apiKey}\n${publishableKey}\n${origin}`;
        let check = checks.get(key);
        if (!check) checks.set(key, (check = this.deps.reauthenticate(m.credentials)));
        return check;
      }),
    );
    let executor: Member | null = null;
    members.forEach((member, i) => {
      const identity = identities[i];
      if (!this.members.has(member)) return;
      if (!identity) {
        this.remove(member);
        return member.forbid('This credential is no longer valid');
      }
      if (this.deps.classOf(identity, this.spec) !== this.spec.classKey) return this.deps.move(member, identity);
      member.identity = identity;
      executor ??= member;
    });
    return executor;
  }

  private deliver(items: Array<Record<string, unknown>>, from: bigint) {
    // Members that joined during the replay with an older cursor wait for the
    // next one: handing them these items would skip what lies between.
    const receivers = [...this.members].filter((m) => m.cursor >= from);
    let delivered = 0;
    for (const item of items) {
      const { [CURSOR_ALIAS]: itemCursor, ...visible } = item;
      const cursor = BigInt(String(itemCursor));
      const result: ExecutionResult = { data: { [this.spec.responseKey]: visible } };
      for (const member of receivers) {
        if (member.cursor >= cursor) continue;
        member.cursor = cursor;
        member.stream.push(result);
        delivered += 1;
      }
    }
    if (delivered) this.deps.delivered(this.spec.field, delivered);
  }

  /** The replay itself was refused or failed: every member is told, and ends. */
  private fail(result: ExecutionResult) {
    const forbidden = result.errors?.some((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));
    for (const member of [...this.members]) {
      this.remove(member);
      if (forbidden) member.forbid(result.errors![0]!.message);
      else member.stream.end({ errors: result.errors ?? [] });
    }
  }
}
