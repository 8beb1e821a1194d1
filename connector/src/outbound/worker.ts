import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ApiClient } from '../api-client.ts';
import { sleep } from '../backoff.ts';
import type { ConnectorMetrics } from '../metrics.ts';
import type { ConnectorSocket } from '../socket-source.ts';
import type { Pacer } from './pacer.ts';
import { OUTBOUND_QUEUE, SEND_JOB, sendJobSchema, type SendJob } from './send-job.ts';
import type { SentRecord } from './sent-record.ts';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the worker needs of one session the connector runs. */
export interface OutboundSession {
  /** The session's open socket; waits for one a while, rejects when none comes or `signal` aborts. */
  openSocket(signal: AbortSignal): Promise<ConnectorSocket>;
  sent: SentRecord;
}

export interface OutboundWorkerOptions {
  connection: Redis;
  /** BullMQ key prefix; tests use their own. */
  prefix?: string;
  sessions: ReadonlyMap<string, OutboundSession>;
  pacer: Pacer;
  api: Pick<ApiClient, 'updateMessageStatus'>;
  /** How long the lead sees "typing…" before the message. */
  typingMs: number;
  concurrency: number;
  /** Lock duration and stalled-job check, ms (BullMQ defaults otherwise). */
  lockMs?: number;
  log: WorkerLog;
  metrics?: Pick<ConnectorMetrics, 'sends' | 'sendsSkipped' | 'sendErrors' | 'sendFailures'>;
}

/** Back to the queue on shutdown, without using up an attempt. */
const SHUTDOWN_REQUEUE_MS = 1_000;

const REQUEST_ID = /^[\w-]{8,64}$/;

/**
 * Sends what the messaging subgraph queued, through the session's socket:
 * at the session's pace, "typing…" first, then the message under the
 * WhatsApp id Leadwire gave it — a retried job re-sends the same id, which
 * WhatsApp keeps as one message — then reports SENT. A message this
 * connector already sent (its sent record) is only reported again, never
 * sent twice. After the last attempt it is reported FAILED with the reason.
 * Retries and their backoff are the job's own options, set by the producer.
 */
export function startOutboundWorker(opts: OutboundWorkerOptions) {
  const shutdown = new AbortController();

  async function send(job: Job, data: SendJob, session: OutboundSession) {
    const signal = shutdown.signal;
    await opts.pacer.acquire(data.sessionId, signal);
    const sock = await session.openSocket(signal);
    // Typing first, as a person would; presence is a courtesy, not a condition.
    await sock.sendPresenceUpdate('composing', data.remoteJid).catch(() => undefined);
    await sleep(opts.typingMs, signal);
    signal.throwIfAborted();
    await sock.sendPresenceUpdate('paused', data.remoteJid).catch(() => undefined);
    await sock.sendMessage(data.remoteJid, { text: data.body }, { messageId: data.waMessageId });
    await session.sent.add(data.messageId);
    opts.metrics?.sends.inc({ session: data.sessionId });
    opts.log.info({ jobId: job.id, session: data.sessionId, attempt: job.attemptsMade + 1 }, 'message sent');
  }

  async function handle(job: Job, token?: string) {
    if (job.name !== SEND_JOB) throw new UnrecoverableError(`the connector does not handle "${job.name}" jobs`);
    const parsed = sendJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const reason = `invalid send job: ${issue.path.join('.')} ${issue.message}`;
      const waMessageId = (job.data as { waMessageId?: unknown } | null)?.waMessageId;
      if (typeof waMessageId === 'string' && waMessageId) await reportFailed(job, waMessageId, reason, undefined, 'unknown');
      throw new UnrecoverableError(reason);
    }
    const data = parsed.data;
    const requestId = data.correlationId && REQUEST_ID.test(data.correlationId) ? data.correlationId : undefined;
    const session = opts.sessions.get(data.sessionId);
    if (!session) {
      const reason = `session "${data.sessionId}" is not run by this connector`;
      // Not the job's session id as a label: it comes from Redis, unbounded.
      await reportFailed(job, data.waMessageId, reason, requestId, 'unknown');
      throw new UnrecoverableError(reason);
    }

    try {
      if (session.sent.has(data.messageId)) {
        opts.metrics?.sendsSkipped.inc({ session: data.sessionId });
        opts.log.info({ jobId: job.id, session: data.sessionId }, 'message already sent; reporting it without sending again');
      } else {
        await send(job, data, session);
      }
      await opts.api.updateMessageStatus(data.waMessageId, 'SENT', null, requestId);
    } catch (err) {
      const sent = session.sent.has(data.messageId);
      if (shutdown.signal.aborted && !sent && token) {
        // Stopping is not the message's fault: back to the queue, attempts untouched.
        await job.moveToDelayed(Date.now() + SHUTDOWN_REQUEUE_MS, token);
        throw new DelayedError();
      }
      opts.metrics?.sendErrors.inc({ session: data.sessionId });
      const reason = describe(err);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      opts.log.warn({ jobId: job.id, session: data.sessionId, attempt: job.attemptsMade + 1, final, sent, error: reason }, 'send attempt failed');
      if (final) {
        // A message that went out is not FAILED, even if saying SENT did not get through.
        if (sent) opts.log.error({ jobId: job.id, session: data.sessionId }, 'message sent but SENT could not be reported');
        else await reportFailed(job, data.waMessageId, reason, requestId, data.sessionId);
      }
      throw err;
    }
  }

  async function reportFailed(job: Job, waMessageId: string, reason: string, requestId?: string, session?: string) {
    if (session) opts.metrics?.sendFailures.inc({ session });
    await opts.api.updateMessageStatus(waMessageId, 'FAILED', reason.slice(0, 1_000), requestId).catch((err: unknown) => {
      opts.log.error({ jobId: job.id, error: describe(err) }, 'could not report FAILED');
    });
  }

  const worker = new Worker(OUTBOUND_QUEUE, handle, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    ...(opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
  });
  // Without a listener an unreachable Redis would throw; BullMQ reconnects by itself.
  worker.on('error', (err) => opts.log.warn({ error: describe(err) }, 'outbound worker: redis error'));

  return {
    worker,
    /** From now on a job that has not reached its send goes back to the queue, attempts untouched. */
    stopSending(): void {
      shutdown.abort();
    },
    /** Takes no new job, puts back those still waiting to send, and waits for the ones sending. */
    async close(): Promise<void> {
      shutdown.abort();
      // Closing while BullMQ still sets up its connection leaves a command
      // behind that fails, unhandled, once the connection is closed. Redis may
      // be away at shutdown, so do not wait for it long.
      const gaveUp = new AbortController();
      await Promise.race([worker.waitUntilReady().catch(() => undefined), sleep(2_000, gaveUp.signal)]);
      gaveUp.abort();
      await worker.close();
    },
  };
}

// The reason goes to Leadwire as the message's error: our own words, or the socket's.
function describe(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown error';
}
