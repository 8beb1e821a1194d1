import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError, type IngestBatch } from '../api-client.ts';
import { backoffDelay, sleep, type Backoff } from '../backoff.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES } from '../inbound/ingest-input.ts';

/** The one thing a spool does with a batch; throws `ApiError` when it did not go through. */
export type SendBatch = (batch: IngestBatch, signal: AbortSignal) => Promise<void>;

export interface SpoolLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SpoolOptions {
  dir: string;
  send: SendBatch;
  log: SpoolLog;
  /** Between attempts while the router is unreachable; default 500 ms doubling to 30 s. */
  backoff?: Backoff;
  onSent?: (batch: IngestBatch) => void;
  onRejected?: (batch: IngestBatch) => void;
  onRetry?: () => void;
}

export interface Spool {
  /** Resolves once the batch is on disk (fsync'd); it is sent after every batch before it. */
  append(batch: IngestBatch): Promise<void>;
  /** Batches on disk not yet accepted. */
  readonly depth: number;
  /** Waits until every batch is accepted or moved aside, up to `timeoutMs`; true when empty. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops sending; what was not accepted stays on disk for the next start. */
  close(): Promise<void>;
}

const NAME = /^(\d{12})\.json$/;
const TEMP = /^\.(\d{12}\.json)\.tmp$/;
const REJECTED = 'rejected';

const nameOf = (seq: number) => `${String(seq).padStart(12, '0')}.json`;

function isBatch(value: unknown): value is IngestBatch {
  const v = value as IngestBatch | null;
  return typeof v?.sessionId === 'string' && Array.isArray(v.messages);
}

async function syncDir(dir: string) {
  // Makes a rename durable; some platforms cannot open a directory, and they have nothing to sync.
  const handle = await fs.open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/**
 * An append-only spool of ingest batches, one JSON file each, named by a
 * zero-padded sequence so a directory listing is their order. A batch is on
 * disk before it is sent and leaves only once the router accepted it, so a
 * crash or an outage loses nothing: the next start sends what is left, in
 * order. One call is in flight at a time, carrying the oldest batches (as
 * many as one ingest call takes), and it blocks the ones behind it, so
 * messages are never reordered. A batch the router calls wrong input
 * moves to `rejected/` for a person to look at: retrying it would block the
 * spool forever.
 */
export async function openSpool(opts: SpoolOptions): Promise<Spool> {
  const backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
  const dir = opts.dir;
  const rejectedDir = path.join(dir, REJECTED);
  await fs.mkdir(rejectedDir, { recursive: true });

  let seq = 0;
  const pending: string[] = [];
  for (const name of await fs.readdir(dir)) {
    const temp = TEMP.exec(name);
    if (temp) {
      // A crash between write and rename. Keep the batch if it was written whole.
      const final = temp[1]!;
      const whole = await fs
        .readFile(path.join(dir, name), 'utf8')
        .then((t) => isBatch(JSON.parse(t)))
        .catch(() => false);
      if (whole) await fs.rename(path.join(dir, name), path.join(dir, final));
      else await fs.unlink(path.join(dir, name));
      if (whole) pending.push(final);
    } else if (NAME.test(name)) pending.push(name);
  }
  pending.sort();
  await syncDir(dir);
  // Numbering goes on past every file still here: a new batch sorts after the
  // pending ones and never takes the name of one moved aside.
  for (const name of [...pending, ...(await fs.readdir(rejectedDir))]) {
    const n = Number(NAME.exec(name)?.[1] ?? 0);
    if (n > seq) seq = n;
  }

  const stop = new AbortController();
  // Cuts a backoff wait short, so a flush tries once more at once.
  let wake = new AbortController();
  let closed = false;
  let loop: Promise<void> | null = null;
  let appending: Promise<void> = Promise.resolve();

  async function write(name: string, batch: IngestBatch) {
    const temp = path.join(dir, `.${name}.tmp`);
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(JSON.stringify(batch));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path.join(dir, name));
    await syncDir(dir);
  }

  async function moveAside(name: string) {
    let target = path.join(rejectedDir, name);
    if (await fs.stat(target).then(() => true, () => false)) target = path.join(rejectedDir, `${name}.${Date.now()}`);
    await fs.rename(path.join(dir, name), target);
    await syncDir(dir);
    return path.relative(dir, target);
  }

  /**
   * The oldest pending batches, as many as one call may carry (in order, one
   * session), with their file names. An unreadable head is moved aside; an
   * unreadable file further on ends the run, to be dealt with as a head.
   */
  async function takeRun(limit: number): Promise<{ names: string[]; batches: IngestBatch[] }> {
    const names: string[] = [];
    const batches: IngestBatch[] = [];
    let messages = 0;
    let bytes = 0;
    while (!closed && names.length < Math.min(limit, pending.length)) {
      const name = pending[names.length]!;
      let text: string;
      let batch: IngestBatch;
      try {
        text = await fs.readFile(path.join(dir, name), 'utf8');
        const parsed: unknown = JSON.parse(text);
        if (!isBatch(parsed)) throw new Error('not an ingest batch');
        batch = parsed;
      } catch (err) {
        if (names.length) break;
        // Gone (removed by hand): nothing left to send or to keep.
        const file = (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : await moveAside(name);
        pending.shift();
        opts.log.error({ file, error: (err as Error).message }, file ? 'unreadable spool file moved aside' : 'spool file vanished');
        continue;
      }
      const size = Buffer.byteLength(text);
      const fits = messages + batch.messages.length <= MAX_BATCH_MESSAGES && bytes + size <= MAX_BATCH_BYTES && batch.sessionId === batches[0]?.sessionId;
      if (names.length && !fits) break;
      names.push(name);
      batches.push(batch);
      messages += batch.messages.length;
      bytes += size;
    }
    return { names, batches };
  }

  async function drain() {
    let failures = 0;
    // After a joined call was rejected: how many batches go on one by one, so
    // only the bad one is moved aside.
    let singly = 0;
    while (!closed && pending.length) {
      const { names, batches } = await takeRun(singly ? 1 : Infinity);
      if (!names.length) continue;
      if (closed) break;
      // What piled up while the previous call was out goes in one call: one
      // transaction for the platform instead of one per file, in the same order.
      const batch = batches.length === 1 ? batches[0]! : { sessionId: batches[0]!.sessionId, messages: batches.flatMap((b) => b.messages) };
      try {
        await opts.send(batch, stop.signal);
        await Promise.all(names.map((name) => fs.unlink(path.join(dir, name)).catch(() => undefined)));
        pending.splice(0, names.length);
        failures = 0;
        if (singly) singly--;
        for (const sent of batches) opts.onSent?.(sent);
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'rejected' && names.length > 1) {
          singly = names.length;
          continue;
        }
        if (err instanceof ApiError && err.kind === 'rejected') {
          const file = await moveAside(names[0]!);
          pending.shift();
          failures = 0;
          if (singly) singly--;
          opts.log.error({ file, field: err.details.field ?? null, error: err.message, messages: batch.messages.length }, 'ingest batch rejected; moved aside');
          opts.onRejected?.(batch);
          continue;
        }
        if (closed) break;
        failures++;
        const retryInMs = backoffDelay(failures, backoff);
        const kind = err instanceof ApiError ? err.kind : 'unexpected';
        // A refused key needs an operator; an outage only patience.
        const level = kind === 'unavailable' ? 'warn' : 'error';
        opts.log[level]({ kind, error: (err as Error).message, failures, retryInMs, depth: pending.length }, 'ingest batch not accepted yet; kept in the spool');
        opts.onRetry?.();
        await sleep(retryInMs, AbortSignal.any([stop.signal, wake.signal]));
        wake = new AbortController();
      }
    }
  }

  function kick() {
    if (loop || closed) return;
    let broke = false;
    loop = drain()
      .catch((err: unknown) => {
        // The disk itself failed us (a rename, a permission): try again later, not in a tight loop.
        broke = true;
        opts.log.error({ error: (err as Error).message }, 'spool could not go on; trying again shortly');
      })
      .finally(() => {
        loop = null;
        if (!pending.length || closed) return;
        // An append may have landed while the loop was finishing.
        if (!broke) return kick();
        loop = sleep(backoff.capMs, stop.signal).then(() => {
          loop = null;
          kick();
        });
      });
  }

  kick();

  return {
    append(batch) {
      if (closed) return Promise.reject(new Error('spool closed'));
      if (!batch.messages.length || batch.messages.length > MAX_BATCH_MESSAGES) {
        return Promise.reject(new Error(`a batch holds 1 to ${MAX_BATCH_MESSAGES} messages`));
      }
      const name = nameOf(++seq);
      // Appends land in call order, so the listing and the queue agree.
      const done = appending.then(async () => {
        await write(name, batch);
        pending.push(name);
        kick();
      });
      appending = done.catch(() => undefined);
      return done;
    },
    get depth() {
      return pending.length;
    },
    async flush(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      wake.abort();
      kick();
      while (pending.length && Date.now() < deadline) await sleep(Math.min(25, deadline - Date.now()));
      return pending.length === 0;
    },
    async close() {
      closed = true;
      stop.abort();
      await appending;
      await loop;
    },
  };
}
