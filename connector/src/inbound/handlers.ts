import type { BaileysEventMap, proto, WAMessage } from '@whiskeysockets/baileys';
import type { EventHandlers } from '../events/dispatcher.ts';
import { toMessageStatus, type MessageStatus } from '../outbound/receipt-status.ts';
import { attachMedia, type MediaDeps } from './attach-media.ts';
import { toInboundMessage, type InboundMessage } from './map-message.ts';

export interface MessageHandlerDeps {
  sessionId: string;
  /** Region for numbers WhatsApp gives without a country code, e.g. "BR". */
  defaultRegion: string;
  /**
   * Takes the mapped messages of one upsert. Injected because the durable
   * path (a PostgreSQL outbox, then recordInboundMessage) comes in the next
   * issue; it must be idempotent on waMessageId, since WhatsApp redelivers.
   */
  ingest: (messages: InboundMessage[]) => Promise<void>;
  /** Applies a receipt, as the updateMessageStatus mutation does. */
  updateStatus: (waMessageId: string, status: MessageStatus) => Promise<void>;
  /**
   * Ingest our own messages of `notify` upserts, with `fromMe: true`: those
   * were typed on the session's phone (the connector's own sends come back as
   * `append`). Off unless asked, for callers that record only what leads say.
   */
  ingestFromMe?: boolean;
  /**
   * Downloads images, videos, audio and documents before the batch is handed
   * to `ingest`, so the spooled batch names the stored files. Without it,
   * media messages are ingested with their caption and mime type only.
   */
  media?: MediaDeps;
}

export function createMessageHandlers(deps: MessageHandlerDeps) {
  const report = async (waMessageId: string | null | undefined, raw: proto.WebMessageInfo.Status | null | undefined) => {
    const status = toMessageStatus(raw);
    // PENDING is where every Leadwire message starts (QUEUED), and status
    // only moves forward, so it carries no news.
    if (waMessageId && status && status !== 'QUEUED') await deps.updateStatus(waMessageId, status);
  };

  return {
    'messages.upsert': async ({ type, messages }: BaileysEventMap['messages.upsert']) => {
      // While Baileys buffers events, a receipt for a message upserted in the
      // same buffer is merged into that message and no messages.update is
      // emitted for it; read our own messages' status here so it is not lost.
      for (const m of messages) if (m.key.fromMe) await report(m.key.id, m.status);
      // Baileys delivers what a lead sent while we were offline as 'append'
      // (node.attrs.offline), after it has already acknowledged it to WhatsApp:
      // skipping those would lose them for good. Ingest is idempotent, so
      // taking every lead message of an upsert is safe. Our own messages in an
      // 'append' are the echoes of what the connector sent, already recorded.
      const includeFromMe = deps.ingestFromMe === true && type === 'notify';
      const mapped = messages
        .map((raw) => ({ raw, message: toInboundMessage(raw, deps.sessionId, deps.defaultRegion, undefined, { includeFromMe }) }))
        .filter((m): m is { raw: WAMessage; message: InboundMessage } => m.message !== null);
      if (!mapped.length) return;
      if (deps.media) await attachMedia(mapped, deps.media, deps.sessionId);
      await deps.ingest(mapped.map((m) => m.message));
    },

    'messages.update': async (updates: BaileysEventMap['messages.update']) => {
      for (const { key, update } of updates) {
        // Receipts matter for what we sent; those on a lead's messages (our
        // own read marks) have no Leadwire status. Edits and other updates
        // carry no status, and report() skips them.
        if (key.fromMe !== false) await report(key.id, update.status);
      }
    },
  } satisfies EventHandlers;
}
