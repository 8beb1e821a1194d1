// The sync against a real Apollo client and cache, with the API scripted by
// operation name: which requests a board's events cost, and what the cached
// board shows after them.
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardEvent } from './apply-board-event.ts';
import { createBoardEventSync } from './board-event-sync.ts';
import { board, column, event, ids, lead, type EventInput } from './board-fixtures.ts';
import type { Board } from './board-moves.ts';
import { BoardQuery } from './use-board.ts';

type Answer = (variables: Record<string, unknown>) => Record<string, unknown>;

// A sync left waiting to retry must not outlive its test.
const running: Array<{ stop(): void }> = [];
afterEach(() => running.splice(0).forEach((sync) => sync.stop()));

function setUp(cached: { board: Board; boardCursor: string }, answers: Record<string, Answer> = {}) {
  const requests: Array<[string, Record<string, unknown>]> = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        requests.push([operation.operationName ?? '', operation.variables]);
        const answer = answers[operation.operationName ?? ''];
        if (!answer) observer.error(new Error(`unexpected ${operation.operationName}`));
        else {
          try {
            observer.next({ data: answer(operation.variables) });
            observer.complete();
          } catch (err) {
            observer.error(err);
          }
        }
      }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  client.cache.writeQuery({ query: BoardQuery, data: { __typename: 'Query', ...cached } });
  const sync = createBoardEventSync(client, 'p');
  running.push(sync);
  const cachedBoard = () => client.cache.readQuery({ query: BoardQuery });
  return { client, sync, requests, cachedBoard };
}

const at = (cursor: string, input: EventInput): BoardEvent => ({ ...event(input), cursor });
const created = (cursor: string, stageId = 'new') =>
  at(cursor, { type: 'CREATED', leadId: `n${cursor}`, toStageId: stageId, position: 0, lead: lead(`n${cursor}`, 10) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('createBoardEventSync', () => {
  const start = { board: board(column('new', [lead('a', 1)]), column('won', [])), boardCursor: '10' };

  it('applies events that follow the cached board without asking the API', async () => {
    const { sync, requests, cachedBoard } = setUp(start);
    sync.push('10', created('11'));
    sync.push('11', at('12', { type: 'MOVED', leadId: 'a', fromStageId: 'new', toStageId: 'won', position: 0, lead: lead('a', 1) }));
    await vi.waitFor(() => expect(cachedBoard()?.boardCursor).toBe('12'));
    const data = cachedBoard()!;
    expect(ids(data.board.columns[0]!)).toEqual(['n11']);
    expect(ids(data.board.columns[1]!)).toEqual(['a']);
    expect(data.board.columns.map((c) => [c.count, c.valueSum])).toEqual([
      [1, 10],
      [1, 1],
    ]);
    expect(requests).toEqual([]);
  });

  it('skips events the cached board already includes', async () => {
    const { sync, requests, cachedBoard } = setUp({ ...start, boardCursor: '20' });
    sync.push('10', created('15'));
    await settle();
    expect(cachedBoard()).toEqual({ ...start, boardCursor: '20' });
    expect(requests).toEqual([]);
  });

  it('fills a gap between the cached board and the stream with boardEventsSince', async () => {
    // The stream was at 14 when the board in the cache (at 10) was loaded again.
    const missed = [created('12'), created('15')];
    const { sync, requests, cachedBoard } = setUp(start, { BoardEventsSince: () => ({ boardEventsSince: missed }) });
    sync.push('14', created('15'));
    await vi.waitFor(() => expect(cachedBoard()?.boardCursor).toBe('15'));
    expect(ids(cachedBoard()!.board.columns[0]!)).toEqual(['n15', 'n12', 'a']);
    expect(cachedBoard()!.board.columns[0]).toMatchObject({ count: 3, valueSum: 21 });
    expect(requests).toEqual([['BoardEventsSince', { pipelineId: 'p', after: '10', first: 100 }]]);
  });

  it('applies the waiting event when the gap turns out empty for this board', async () => {
    // Events 11..14 were of leads this caller no longer sees.
    const { sync, cachedBoard } = setUp(start, { BoardEventsSince: () => ({ boardEventsSince: [] }) });
    sync.push('14', created('15'));
    await vi.waitFor(() => expect(cachedBoard()?.boardCursor).toBe('15'));
    expect(ids(cachedBoard()!.board.columns[0]!)).toEqual(['n15', 'a']);
  });

  it('loads the board again for an event it cannot apply, and takes that board as it is', async () => {
    const partial = { board: board(column('new', [lead('a', 1)], 60, 500), column('won', [])), boardCursor: '10' };
    const fresh = { board: board(column('new', [lead('a', 1)], 59, 480), column('won', [])), boardCursor: '11' };
    const { sync, requests, cachedBoard } = setUp(partial, { Board: () => ({ __typename: 'Query', ...fresh }) });
    sync.push('10', at('11', { type: 'DELETED', leadId: 'unloaded', fromStageId: 'new' }));
    await vi.waitFor(() => expect(cachedBoard()?.boardCursor).toBe('11'));
    expect(cachedBoard()).toEqual(fresh);
    expect(requests.map(([name]) => name)).toEqual(['Board']);
  });

  it('keeps events through a failed request and applies them with the next one', async () => {
    let fail = true;
    const { sync, cachedBoard } = setUp(start, {
      BoardEventsSince: ({ after }) => {
        if (fail) throw new Error('offline');
        return { boardEventsSince: after === '10' ? [created('13')] : [] };
      },
    });
    sync.push('12', created('13'));
    await settle();
    expect(cachedBoard()?.boardCursor).toBe('10');
    fail = false;
    sync.push('13', created('14'));
    await vi.waitFor(() => expect(cachedBoard()?.boardCursor).toBe('14'));
    expect(ids(cachedBoard()!.board.columns[0]!)).toEqual(['n14', 'n13', 'a']);
  });
});
