import type { WhatsAppInboundInput } from '../api-client.ts';
import { isChange, type InboundChange, type InboundItem } from './map-change.ts';
import type { InboundMessage } from './map-message.ts';

/** The most messages one ingest call takes. */
export const MAX_BATCH_MESSAGES = 500;
/**
 * The router refuses request bodies over 1 MB, and 500 messages of 4,096
 * characters are several. Stay well under it, leaving room for the query.
 */
export const MAX_BATCH_BYTES = 768 * 1024;

/**
 * The ingest input of mapped messages and changes, and how many were left out
 * because WhatsApp gave no phone number (a LID-only chat): Leadwire finds and
 * creates leads by phone, so the handlers hold those until the LID's number
 * is known (lid-store.ts); only a caller without that store gets here with one.
 */
export function toIngestInputs(items: InboundItem[]): { inputs: WhatsAppInboundInput[]; withoutPhone: number } {
  const inputs: WhatsAppInboundInput[] = [];
  let withoutPhone = 0;
  for (const m of items) {
    if (!m.phone) {
      withoutPhone++;
      continue;
    }
    inputs.push(isChange(m) ? changeInput(m, m.phone) : messageInput(m, m.phone));
  }
  return { inputs, withoutPhone };
}

function messageInput(m: InboundMessage, phone: string): WhatsAppInboundInput {
  return {
    waMessageId: m.waMessageId,
    remoteJid: m.remoteJid,
    fromMe: m.fromMe,
    phone,
    pushName: m.pushName,
    type: m.type,
    body: m.body,
    mediaMime: m.mediaMime,
    // Only when there is something to say: a spooled text message then
    // stays valid for a router that predates media.
    ...(m.mediaPath ? { mediaPath: m.mediaPath, mediaSize: m.mediaSize } : {}),
    ...(m.mediaFileName ? { mediaFileName: m.mediaFileName } : {}),
    sentAt: m.sentAt.toISOString(),
  };
}

// No `kind` on a message, as before changes existed: a spooled batch stays valid for either router.
function changeInput(c: InboundChange, phone: string): WhatsAppInboundInput {
  return {
    kind: c.kind,
    waMessageId: c.waMessageId,
    remoteJid: c.remoteJid,
    fromMe: c.fromMe,
    phone,
    pushName: null,
    body: c.body,
    mediaMime: null,
    sentAt: c.at.toISOString(),
    targetWaMessageId: c.targetWaMessageId,
    ...(c.kind === 'REACTION' ? { emoji: c.emoji } : {}),
  };
}

/** Splits messages into ingest calls under both limits, keeping their order. */
export function chunkForIngest(inputs: WhatsAppInboundInput[]): WhatsAppInboundInput[][] {
  const chunks: WhatsAppInboundInput[][] = [];
  let current: WhatsAppInboundInput[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const size = Buffer.byteLength(JSON.stringify(input)) + 1;
    if (current.length && (current.length >= MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
