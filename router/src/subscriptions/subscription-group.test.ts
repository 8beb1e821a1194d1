import type { Identity } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { LIVE_FIELDS } from './live-fields.ts';
import { createMemberStream } from './member-stream.ts';
import { AFTER_VARIABLE, CURSOR_ALIAS } from './replay-query.ts';
import { SubscriptionGroup, type GroupDeps, type Member } from './subscription-group.ts';

const manager: Identity = { kind: 'user', workspaceId: 'w1', userId: 'u1', role: 'MANAGER' };

/**
 * An event log answering replays as boardEventsSince does (everything after
 * the cursor, oldest first, one page at a time), whose answers can be held
 * back to see what happens while a replay is in flight.
 */
function eventLog() {
  const events: number[] = [];
  const held: Array<() => void> = [];
  let holding = false;
  const replays: string[] = [];
  const execute = async (_identity: Identity, _ip: string, _query: string, variables: Record<string, unknown>): Promise<ExecutionResult> => {
    const after = Number(variables[AFTER_VARIABLE]);
    replays.push(String(after));
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    const page = events.filter((e) => e > after).slice(0, 100);
    return { data: { boardEvents: page.map((e) => ({ [CURSOR_ALIAS]: String(e), n: e })) } };
  };
  return {
    events,
    replays,
    execute,
    append: (...seqs: number[]) => events.push(...seqs),
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((r) => r());
    },
  };
}

function setup(log: ReturnType<typeof eventLog>, overrides: Partial<GroupDeps> = {}) {
  const emptied = vi.fn();
  const deps: GroupDeps = {
    batchMs: 0,
    execute: log.execute,
    reauthenticate: async () => manager,
    classOf: () => 'role:w1:MANAGER',
    move: vi.fn(),
    emptied,
    replayed: () => undefined,
    delivered: () => undefined,
    ...overrides,
  };
  const group = new SubscriptionGroup(
    {
      key: 'k', classKey: 'role:w1:MANAGER', template: 't', live: LIVE_FIELDS.boardEvents!, args: {}, callerDependent: false,
      field: 'boardEventsSince', responseKey: 'boardEvents', query: 'q', variables: {}, channel: 'board:w1', workspaceId: 'w1',
    },
    deps,
  );
  let sockets = 0;
  const member = (cursor: number) => {
    const received: number[] = [];
    const m: Member = {
      identity: manager, credentials: { authorization: `Bearer token-${++sockets}` }, ip: '127.0.0.1', cursor: BigInt(cursor), forbid: vi.fn(), group: null,
      stream: createMemberStream(() => group.remove(m)),
    };
    void (async () => {
      for await (const result of m.stream) received.push((result.data!.boardEvents as { n: number }).n);
    })();
    return { m, received };
  };
  return { group, member, emptied, deps };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('a subscription group', () => {
  it('folds the wake-ups that arrive during a replay into one next replay, and delivers each event once, in order', async () => {
    const log = eventLog();
    const { group, member } = setup(log);
    const a = member(0);
    const b = member(0);
    group.add(a.m);
    group.add(b.m);
    await settle();
    log.hold();
    log.append(1);
    group.wake();
    await settle();
    for (let seq = 2; seq <= 100; seq++) {
      log.append(seq);
      group.wake();
    }
    const before = log.replays.length;
    log.release();
    await settle();
    // The held replay, then one for everything that arrived meanwhile.
    expect(log.replays.length - before).toBe(1);
    expect(a.received).toEqual(log.events);
    expect(b.received).toEqual(log.events);
  });

  it('serves members at different cursors from the lowest, each from its own', async () => {
    const log = eventLog();
    log.append(1, 2, 3, 4, 5);
    const { group, member } = setup(log);
    const fresh = member(5);
    const resuming = member(2);
    group.add(fresh.m);
    group.add(resuming.m);
    await settle();
    log.append(6);
    group.wake();
    await settle();
    expect(resuming.received).toEqual([3, 4, 5, 6]);
    expect(fresh.received).toEqual([6]);
  });

  it('does not hand a member that joined mid-replay with an older cursor what lies after the replay’s start', async () => {
    const log = eventLog();
    log.append(1, 2, 3);
    const { group, member } = setup(log);
    const first = member(2);
    group.add(first.m);
    await settle();
    log.hold();
    log.append(4);
    group.wake();
    await settle();
    const late = member(0);
    group.add(late.m);
    log.release();
    await settle();
    expect(first.received).toEqual([3, 4]);
    expect(late.received).toEqual([1, 2, 3, 4]);
  });

  it('lets a fresh member join a caught-up group without a replay of its own, and still gives it the next event', async () => {
    const log = eventLog();
    log.append(1, 2);
    const { group, member } = setup(log);
    const first = member(2);
    group.add(first.m);
    await settle();
    const replays = log.replays.length;
    const fresh = member(2);
    group.add(fresh.m);
    await settle();
    expect(log.replays.length).toBe(replays);
    log.append(3);
    group.wake(3n);
    await settle();
    expect(first.received).toEqual([3]);
    expect(fresh.received).toEqual([3]);
    // A wake-up for an event everyone already has costs nothing.
    group.wake(3n);
    await settle();
    expect(log.replays.length).toBe(replays + 1);
  });

  it('pages through a long catch-up', async () => {
    const log = eventLog();
    log.append(...Array.from({ length: 250 }, (_, i) => i + 1));
    const { group, member } = setup(log);
    const a = member(0);
    group.add(a.m);
    await settle();
    expect(a.received).toHaveLength(250);
    expect(log.replays).toEqual(['0', '100', '200']);
  });

  it('is gone once its last member leaves mid-replay, and delivers nothing after', async () => {
    const log = eventLog();
    const { group, member, emptied } = setup(log);
    const a = member(0);
    group.add(a.m);
    await settle();
    log.hold();
    log.append(1);
    group.wake();
    await settle();
    await a.m.stream.return(undefined);
    log.release();
    await settle();
    expect(emptied).toHaveBeenCalledTimes(1);
    expect(group.closed).toBe(true);
    expect(group.members.size).toBe(0);
    expect(a.received).toEqual([]);
  });

  it('cuts off a member whose credential no longer holds, and moves one whose class changed', async () => {
    const log = eventLog();
    const consultant: Identity = { kind: 'user', workspaceId: 'w1', userId: 'u2', role: 'CONSULTANT' };
    const answers = new Map<object, Identity | null>();
    const { group, member, deps } = setup(log, {
      reauthenticate: async (credentials) => (answers.has(credentials) ? answers.get(credentials)! : manager),
      classOf: (identity) => (identity.kind === 'user' && identity.role === 'CONSULTANT' ? 'user:u2' : 'role:w1:MANAGER'),
    });
    const stays = member(0);
    const revoked = member(0);
    const demoted = member(0);
    for (const x of [stays, revoked, demoted]) group.add(x.m);
    await settle();
    answers.set(revoked.m.credentials, null);
    answers.set(demoted.m.credentials, consultant);
    log.append(1);
    group.wake();
    await settle();
    expect(revoked.m.forbid).toHaveBeenCalledWith('This credential is no longer valid');
    expect(deps.move).toHaveBeenCalledWith(demoted.m, consultant);
    expect(stays.received).toEqual([1]);
    expect(revoked.received).toEqual([]);
  });
});
