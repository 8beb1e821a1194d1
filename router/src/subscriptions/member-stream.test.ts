import { describe, expect, it, vi } from 'vitest';
import { createMemberStream } from './member-stream.ts';

describe('a member stream', () => {
  it('settles a waiting next() at once when graphql-ws returns it, and runs onClose exactly once', async () => {
    const onClose = vi.fn();
    const stream = createMemberStream(onClose);
    const waiting = stream.next();
    await stream.return(undefined);
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    await stream.return(undefined);
    expect(onClose).toHaveBeenCalledTimes(1);
    stream.push({ data: { late: true } });
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('hands out what was queued, then the last result, then completes', async () => {
    const onClose = vi.fn();
    const stream = createMemberStream(onClose);
    stream.push({ data: { n: 1 } });
    stream.push({ data: { n: 2 } });
    stream.end({ errors: [] });
    const seen = [];
    for await (const result of stream) seen.push(result);
    expect(seen).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }, { errors: [] }]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
