import { createServiceClient, QUEUES, type Logger, type QualificationJob } from '@leadwire/platform';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';

const MARK_DONE = /* GraphQL */ `mutation MarkQualificationDone($ids: [ID!]!) { markJobsDone(queue: "qualification", ids: $ids) }`;

export interface QualificationWorkerOptions {
  redisUrl: string;
  /** The router's internal listener; the worker acts as a service of each job's workspace. */
  routerUrl: string;
  signingSecret: string;
  log: Logger;
  concurrency?: number;
  /** What qualifying a message means: one agent turn (see qualification/qualification-handler.ts). */
  handle?: (job: QualificationJob) => Promise<void>;
}

/**
 * Consumes the `qualification` queue. A job is done only once the messaging
 * subgraph has recorded it done: a job that ran but could not say so is run
 * again (the handler must be idempotent per message), never silently lost.
 */
export function startQualificationWorker(opts: QualificationWorkerOptions) {
  const request = createServiceClient(opts.routerUrl, opts.signingSecret);
  // BullMQ workers block on Redis: they need unlimited retries per command.
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => opts.log.warn({ err: err.message }, 'redis unavailable'));
  const worker = new Worker<QualificationJob>(
    QUEUES.qualification,
    async (job: Job<QualificationJob>) => {
      const log = opts.log.child({ requestId: job.data.correlationId, messageId: job.data.messageId });
      await opts.handle?.(job.data);
      const res = await request<{ markJobsDone: number }>(
        { workspaceId: job.data.workspaceId, service: 'qualification-worker' },
        MARK_DONE,
        { ids: [job.data.messageId] },
      );
      if (res.errors?.length || !res.data) throw new Error(`markJobsDone failed (${res.status}): ${JSON.stringify(res.errors)}`);
      log.debug('qualification job done');
    },
    { connection, concurrency: opts.concurrency ?? 8 },
  );
  worker.on('failed', (job, err) => opts.log.warn({ messageId: job?.data.messageId, err: err.message }, 'qualification job failed; BullMQ retries it'));
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
