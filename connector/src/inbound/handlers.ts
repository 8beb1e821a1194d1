import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { EventHandlers } from '../events/dispatcher.ts';
import { toMessageStatus, type MessageStatus } from '../outbound/receipt-status.ts';
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
}

export function createMessageHandlers(deps: MessageHandlerDeps) {
  return {
    'messages.upsert': async ({ type, messages }: BaileysEventMap['messages.upsert']) => {
      // 'append' is history and our own sends being stored, not news: a lead's
      // new message arrives as 'notify'. History import is a separate job.
      if (type !== 'notify') return;
      const mapped = messages
        .map((m) => toInboundMessage(m, deps.sessionId, deps.defaultRegion))
        .filter((m): m is InboundMessage => m !== null);
      if (mapped.length) await deps.ingest(mapped);
    },

    'messages.update': async (updates: BaileysEventMap['messages.update']) => {
      for (const { key, update } of updates) {
        // Receipts matter for what we sent; those on a lead's messages (our
        // own read marks) have no Leadwire status.
        if (!key.id || key.fromMe === false) continue;
        const status = toMessageStatus(update.status);
        // PENDING is where every Leadwire message starts (QUEUED), and status
        // only moves forward, so it carries no news. Edits and other updates
        // have no status at all.
        if (!status || status === 'QUEUED') continue;
        await deps.updateStatus(key.id, status);
      }
    },
  } satisfies EventHandlers;
}
