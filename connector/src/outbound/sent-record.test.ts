import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSentRecord } from './sent-record.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sent-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('openSentRecord', () => {
  it('remembers sends across a restart, without a close (a crash)', async () => {
    const file = path.join(dir, 'agent', 'sent.log');
    const first = await openSentRecord({ file });
    await first.add('m-1');
    await first.add('m-2');
    expect(first.has('m-1')).toBe(true);
    expect(first.has('m-3')).toBe(false);

    const again = await openSentRecord({ file });
    expect(again.has('m-1')).toBe(true);
    expect(again.has('m-2')).toBe(true);
    expect(again.has('m-3')).toBe(false);
    await again.close();
  });

  it('skips a line cut short by a crash, and keeps appending after it', async () => {
    const file = path.join(dir, 'sent.log');
    await fs.writeFile(file, `m-1\t${Date.now()}\nm-2`);
    const record = await openSentRecord({ file });
    expect(record.has('m-1')).toBe(true);
    expect(record.has('m-2')).toBe(false);
    await record.close();
  });

  it('forgets sends older than the TTL and drops them from the file', async () => {
    const file = path.join(dir, 'sent.log');
    let now = 1_000_000;
    const record = await openSentRecord({ file, ttlMs: 1_000, now: () => now });
    await record.add('old');
    now += 900;
    await record.add('recent');
    await record.close();
    now += 500;
    const reopened = await openSentRecord({ file, ttlMs: 1_000, now: () => now });
    expect(reopened.has('old')).toBe(false);
    expect(reopened.has('recent')).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe(`recent\t${1_000_900}\n`);
    await reopened.close();
  });

  it('refuses an id that would break its lines', async () => {
    const record = await openSentRecord({ file: path.join(dir, 'sent.log') });
    await expect(record.add('a\tb')).rejects.toThrow();
    await record.close();
  });
});
