import type { WASocket } from '@whiskeysockets/baileys';
import type { ApiClient } from './api-client.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { SessionConfig } from './config.ts';
import { createEventDispatcher, type EventHandlers } from './events/dispatcher.ts';
import { createMessageHandlers } from './inbound/handlers.ts';
import { chunkForIngest, toIngestInputs } from './inbound/ingest-input.ts';
import type { LidStore } from './inbound/lid-store.ts';
import type { InboundItem } from './inbound/map-change.ts';
import { downloadWhatsAppMedia } from './media/download-media.ts';
import type { MediaStore } from './media/media-store.ts';
import type { ConnectorMetrics } from './metrics.ts';
import type { MessageStatus } from './outbound/receipt-status.ts';
import type { ConnectorSocket, SocketSource } from './socket-source.ts';
import type { Spool } from './spool/spool.ts';

export interface SessionLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LiveSessionOptions {
  session: SessionConfig;
  source: SocketSource;
  spool: Spool;
  api: Pick<ApiClient, 'updateMessageStatus'>;
  defaultRegion: string;
  log: SessionLog;
  metrics?: Pick<ConnectorMetrics, 'skippedWithoutPhone'>;
  /** How long a send waits for the session to (re)connect before its attempt fails. */
  socketWaitMs?: number;
  /** Attempts per receipt before it is given up (receipts are not spooled: a later one supersedes it). */
  receiptAttempts?: number;
  /** LID↔phone pairs, and LID-only messages waiting for their number (kept beside the spool). */
  lids?: LidStore;
  /** Where inbound media is stored; without it media messages are ingested without their files. */
  media?: {
    store: Pick<MediaStore, 'save'>;
    /** Baileys' download (`downloadWhatsAppMedia`) unless a test gives another. */
    download?: typeof downloadWhatsAppMedia;
    downloadTimeoutMs?: number;
  };
}

/**
 * One session at run time: attaches the ordered dispatcher to every socket
 * its source hands over, writes what leads say to the spool, reports
 * receipts, and knows whether the latest socket is open for sending.
 */
export function startLiveSession(opts: LiveSessionOptions) {
  const { session, spool, log, media } = opts;
  const socketWaitMs = opts.socketWaitMs ?? 20_000;
  const receiptAttempts = opts.receiptAttempts ?? 3;
  const receipts = new Set<Promise<void>>();
  const waiters = new Set<() => void>();
  let current: ConnectorSocket | null = null;
  let open = false;

  async function ingest(messages: InboundItem[]) {
    const { inputs, withoutPhone } = toIngestInputs(messages);
    if (withoutPhone) {
      opts.metrics?.skippedWithoutPhone.inc({ session: session.id }, withoutPhone);
      log.warn({ session: session.id, count: withoutPhone }, 'inbound messages without a phone number (LID only) not ingested');
    }
    // On disk before the handler returns: from here the spool owns delivery.
    for (const messages of chunkForIngest(inputs)) await spool.append({ sessionId: session.id, messages });
  }

  async function report(waMessageId: string, status: MessageStatus) {
    for (let attempt = 1; ; attempt++) {
      try {
        const known = await opts.api.updateMessageStatus(waMessageId, status);
        // Receipts of messages Leadwire never recorded (sent from the phone before it was ingested, or long ago).
        if (!known) log.debug({ session: session.id, status }, 'receipt for a message Leadwire does not know');
        return;
      } catch (err) {
        if (attempt >= receiptAttempts || (err as { kind?: string }).kind === 'rejected') {
          log.warn({ session: session.id, status, error: (err as Error).message }, 'receipt not reported');
          return;
        }
        await sleep(backoffDelay(attempt, { baseMs: 500, capMs: 5_000 }));
      }
    }
  }

  // Receipts go out beside the event stream, not in it: a slow router must
  // not hold up the next messages on their way to the spool.
  const updateStatus = async (waMessageId: string, status: MessageStatus) => {
    const sending = report(waMessageId, status).finally(() => receipts.delete(sending));
    receipts.add(sending);
  };

  opts.source.onSocket((sock) => {
    current = sock;
    open = false;
    // The simulator's socket has no Signal store; Baileys' has every pair it ever learned.
    const lidMapping = (sock as Partial<Pick<WASocket, 'signalRepository'>>).signalRepository?.lidMapping;
    const inbound = createMessageHandlers({
      sessionId: session.id,
      defaultRegion: opts.defaultRegion,
      ingest,
      updateStatus,
      ingestFromMe: true,
      lids: opts.lids,
      lookupPn: lidMapping && ((lid) => lidMapping.getPNForLID(lid)),
      log,
      media: media && {
        mediaStore: media.store,
        // Through the socket the message came on: a re-upload request goes to the phone over it.
        downloadMedia: (raw, signal) => (media.download ?? downloadWhatsAppMedia)(raw, { reuploadRequest: (m) => sock.updateMediaMessage(m), log, signal }),
        log,
        downloadTimeoutMs: media.downloadTimeoutMs,
      },
    });
    const handlers: EventHandlers = {
      ...inbound,
      'connection.update': async (update) => {
        if (sock !== current) return;
        if (update.connection === 'open') {
          open = true;
          log.info({ session: session.id }, 'whatsapp session open');
          for (const wake of [...waiters]) wake();
          await inbound['connection.update'](update);
        } else if (update.connection === 'close') {
          open = false;
          log.warn({ session: session.id, error: update.lastDisconnect?.error?.message }, 'whatsapp session closed');
        }
      },
    };
    return sock.ev.process(createEventDispatcher(handlers, log));
  });
  Promise.resolve()
    .then(() => opts.source.start?.())
    .catch((err: unknown) => log.error({ session: session.id, error: (err as Error).message }, 'whatsapp session did not start'));

  return {
    id: session.id,
    get isOpen() {
      return open;
    },

    /** The open socket, waiting up to `socketWaitMs` for one. */
    openSocket(signal: AbortSignal): Promise<ConnectorSocket> {
      if (open && current) return Promise.resolve(current);
      return new Promise((resolve, reject) => {
        const finish = (err?: unknown) => {
          clearTimeout(timer);
          waiters.delete(onOpen);
          signal.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve(current!);
        };
        const onOpen = () => finish();
        const onAbort = () => finish(signal.reason);
        const timer = setTimeout(() => finish(new Error(`session "${session.id}" is not connected`)), socketWaitMs);
        waiters.add(onOpen);
        signal.addEventListener('abort', onAbort, { once: true });
        if (signal.aborted) onAbort();
      });
    },

    /** Ends the session's socket; no new message comes in after this. */
    async stop(): Promise<void> {
      open = false;
      await opts.source.stop();
    },

    /** Waits for receipts still being reported. */
    async settle(): Promise<void> {
      await Promise.all([...receipts]);
    },
  };
}

export type LiveSession = ReturnType<typeof startLiveSession>;
