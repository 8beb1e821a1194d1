// Leadwire's WhatsApp connector. Each configured session (the AI agent's
// number, the team's) gets its sockets from a socket source — the simulator
// in development, the Baileys session runner (./sessions) in production. What
// leads write goes through one ordered `ev.process` dispatcher (their media
// downloaded into MEDIA_DIR on the way) to an on-disk spool and from there to
// the router's ingest mutation; what Leadwire queues
// in the `outbound` BullMQ queue is sent at each session's pace, and receipts
// come back as updateMessageStatus.
import path from 'node:path';
import { sendJson, startService, type RunningService } from '@leadwire/platform/http';
import type { Logger } from '@leadwire/platform/logger';
import { Redis } from 'ioredis';
import { createApiClient } from './api-client.ts';
import type { Backoff } from './backoff.ts';
import type { ConnectorConfig } from './config.ts';
import { openLidStore } from './inbound/lid-store.ts';
import { startLiveSession, type LiveSession } from './live-session.ts';
import { createMediaStore } from './media/media-store.ts';
import { createConnectorMetrics } from './metrics.ts';
import { createPacer } from './outbound/pacer.ts';
import { openSentRecord, type SentRecord } from './outbound/sent-record.ts';
import { startOutboundWorker } from './outbound/worker.ts';
import { startSimulatorServer, type SimulatorServer } from './simulator/http-api.ts';
import { createSimulator, type Simulator } from './simulator/simulator.ts';
import type { SocketSourceFactory } from './socket-source.ts';
import { openSpool, type Spool } from './spool/spool.ts';

export { createEventDispatcher, type DispatchLog, type EventHandlers } from './events/dispatcher.ts';
export { createMessageHandlers, type MessageHandlerDeps } from './inbound/handlers.ts';
export { MAX_BODY, toInboundMessage, type InboundMessage, type InboundType } from './inbound/map-message.ts';
export { toInboundChange, type InboundChange, type InboundItem } from './inbound/map-change.ts';
export { openLidStore, type LidStore } from './inbound/lid-store.ts';
export { createMediaStore, MAX_MEDIA_BYTES, type MediaStore, type StoredMedia } from './media/media-store.ts';
export { toMessageStatus, type MessageStatus } from './outbound/receipt-status.ts';
export { readConnectorConfig, type ConnectorConfig, type SessionConfig } from './config.ts';
export type { ConnectorSocket, SocketSource, SocketSourceFactory } from './socket-source.ts';
export { createSimulator, type Simulator } from './simulator/simulator.ts';
export { createSimulatedSocket, type SimulatedSocket } from './simulator/simulated-socket.ts';

export interface ConnectorOptions {
  config: ConnectorConfig;
  log: Logger;
  /** Where each session's sockets come from; the simulator's when it is on and none is given. */
  socketSource?: SocketSourceFactory;
  /** BullMQ key prefix (tests); BullMQ's default otherwise, as the producer uses. */
  queuePrefix?: string;
  spoolBackoff?: Backoff;
  /** How long a send waits for its session to connect. */
  socketWaitMs?: number;
  /** On shutdown, how long the spool may keep sending before what is left waits on disk. */
  flushTimeoutMs?: number;
  /** How long one inbound media download may take before its message goes on without it. */
  mediaDownloadTimeoutMs?: number;
}

interface SessionParts {
  live: LiveSession;
  spool: Spool;
  sent: SentRecord;
}

export interface RunningConnector {
  service: RunningService;
  simulator: Simulator | null;
  simulatorServer: SimulatorServer | null;
  close(): Promise<void>;
}

export async function startConnector(opts: ConnectorOptions): Promise<RunningConnector> {
  const { config, log } = opts;
  const simulator = config.simulator.enabled
    ? createSimulator({ receiptDelaysMs: config.simulator.receiptDelaysMs, logger: log.child({ component: 'simulator' }) })
    : null;
  const sourceFor = opts.socketSource ?? (simulator ? (session) => simulator.source(session) : null);
  if (!sourceFor) throw new Error('No WhatsApp socket source: turn the simulator on (SIMULATOR=1) or give the session runner');

  const api = createApiClient({ url: config.apiUrl, serviceKey: config.serviceKey });
  const mediaStore = createMediaStore({ dir: config.mediaDir });
  const sessions = new Map<string, SessionParts>();
  const metrics = createConnectorMetrics(() => Object.fromEntries([...sessions].map(([id, s]) => [id, s.spool.depth])));

  for (const session of config.sessions) {
    const dir = path.join(config.spoolRoot, session.id);
    const labels = { session: session.id };
    const spool = await openSpool({
      dir,
      log: log.child(labels),
      backoff: opts.spoolBackoff,
      send: async (batch, signal) => void (await api.ingest(batch, signal)),
      onSent: (batch) => {
        metrics.ingestBatches.inc({ ...labels, outcome: 'accepted' });
        metrics.ingestMessages.inc(labels, batch.messages.length);
      },
      onRejected: () => metrics.ingestBatches.inc({ ...labels, outcome: 'rejected' }),
      onRetry: () => metrics.ingestBatches.inc({ ...labels, outcome: 'retried' }),
    });
    const sent = await openSentRecord({ file: path.join(dir, 'sent.log') });
    // Beside the spool: LID-only messages wait here for their number, across restarts.
    const lids = await openLidStore({ dir, log: log.child(labels) });
    const live = startLiveSession({
      session,
      source: sourceFor(session),
      spool,
      api,
      defaultRegion: config.defaultRegion,
      log,
      metrics,
      socketWaitMs: opts.socketWaitMs,
      lids,
      media: { store: mediaStore, downloadTimeoutMs: opts.mediaDownloadTimeoutMs },
    });
    sessions.set(session.id, { live, spool, sent });
  }

  // BullMQ needs commands to wait out a Redis restart rather than fail.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (err) => log.warn({ error: err.message }, 'redis unavailable'));
  const worker = startOutboundWorker({
    connection: redis,
    prefix: opts.queuePrefix,
    sessions: new Map([...sessions].map(([id, s]) => [id, { openSocket: (signal: AbortSignal) => s.live.openSocket(signal), sent: s.sent }])),
    pacer: createPacer({ intervalMs: config.outbound.intervalMs, burst: config.outbound.burst }),
    api,
    typingMs: config.outbound.typingMs,
    concurrency: config.outbound.concurrency,
    lockMs: config.outbound.lockMs,
    log: log.child({ component: 'outbound' }),
    metrics,
  });

  const service = await startService({
    name: 'connector',
    port: config.port,
    host: config.host,
    log,
    // The connector serves no GraphQL; it is a client of the router.
    graphql: async (_req, res) => sendJson(res, 404, { error: 'not found' }),
    ready: async () => redis.status === 'ready' && [...sessions.values()].every((s) => s.live.isOpen),
    registry: metrics.registry,
  });
  const simulatorServer = simulator
    ? await startSimulatorServer({ simulator, port: config.simulator.port, defaultRegion: config.defaultRegion, log: log.child({ component: 'simulator' }) })
    : null;
  if (simulatorServer) log.info({ url: `${simulatorServer.url}/simulator/messages` }, 'whatsapp simulator listening');

  let closing: Promise<void> | null = null;
  const parts = [...sessions.values()];
  return {
    service,
    simulator,
    simulatorServer,
    close() {
      closing ??= (async () => {
        // Sends that have not started go back to the queue, untouched.
        worker.stopSending();
        // Nothing new comes in once the sockets are gone.
        await Promise.all(parts.map((s) => s.live.stop()));
        await worker.close();
        await Promise.all(parts.map((s) => s.live.settle()));
        // One more go at the router; what it does not take waits on disk for the next start.
        await Promise.all(parts.map((s) => s.spool.flush(opts.flushTimeoutMs ?? 5_000)));
        await Promise.all(parts.flatMap((s) => [s.spool.close(), s.sent.close()]));
        await simulatorServer?.close();
        await simulator?.close();
        await service.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}
