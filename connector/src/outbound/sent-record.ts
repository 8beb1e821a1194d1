import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SentRecordOptions {
  /** The log file, e.g. `<spool>/<session>/sent.log`. */
  file: string;
  /** How long a send is remembered; longer than a job can come back (BullMQ keeps failed jobs 7 days). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Which Leadwire messages this connector has handed to WhatsApp, kept on disk
 * so a job that comes back (a retry after the send went through, or the
 * relay handing the same message over again after a restart) is acknowledged
 * without a second send. One line per send, appended and fsync'd; entries
 * older than the TTL are dropped when the file is opened.
 */
export async function openSentRecord(opts: SentRecordOptions) {
  const ttlMs = opts.ttlMs ?? 8 * 24 * 3_600_000;
  const now = opts.now ?? Date.now;
  const sent = new Map<string, number>();
  await fs.mkdir(path.dirname(opts.file), { recursive: true });

  const text = await fs.readFile(opts.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  let expired = 0;
  for (const line of text.split('\n')) {
    // A line cut short by a crash has no timestamp and is skipped.
    const [messageId, at] = line.split('\t');
    const time = Number(at);
    if (!messageId || !Number.isFinite(time) || time <= 0) continue;
    if (now() - time > ttlMs) expired++;
    else sent.set(messageId, time);
  }
  if (expired) {
    // Rewrite without the expired lines: temp file, fsync, rename.
    const temp = `${opts.file}.tmp`;
    await fs.writeFile(temp, [...sent].map(([id, at]) => `${id}\t${at}\n`).join(''));
    const handle = await fs.open(temp, 'r+');
    await handle.sync();
    await handle.close();
    await fs.rename(temp, opts.file);
  }

  const handle = await fs.open(opts.file, 'a');
  let writing: Promise<void> = Promise.resolve();

  return {
    has(messageId: string): boolean {
      return sent.has(messageId);
    },

    /** Resolves once the send is on disk. */
    add(messageId: string): Promise<void> {
      if (/[\t\n]/.test(messageId)) return Promise.reject(new Error('message id with a tab or newline'));
      const at = now();
      sent.set(messageId, at);
      const done = writing.then(async () => {
        await handle.appendFile(`${messageId}\t${at}\n`);
        await handle.sync();
      });
      writing = done.catch(() => undefined);
      return done;
    },

    async close(): Promise<void> {
      await writing;
      await handle.close();
    },
  };
}

export type SentRecord = Awaited<ReturnType<typeof openSentRecord>>;
