import { getContentType, isLidUser, isPnUser, jidDecode, normalizeMessageContent, proto, type WAMessageKey } from '@whiskeysockets/baileys';
import { normalizePhone } from '@leadwire/platform/validation';

export type InboundType = 'TEXT' | 'IMAGE' | 'AUDIO' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';

/** What the connector keeps of a WhatsApp message a lead sent us (or we sent from the phone). */
export interface InboundMessage {
  sessionId: string;
  waMessageId: string;
  remoteJid: string;
  /** E.164, or null when WhatsApp only gave us a LID (privacy id) and no phone. */
  phone: string | null;
  pushName: string | null;
  type: InboundType;
  body: string | null;
  mediaMime: string | null;
  /** The stored file (`<sha256>.<ext>` in MEDIA_DIR) once downloaded; null for text, or when the download failed. */
  mediaPath: string | null;
  mediaSize: number | null;
  /** A document's own name, as the sender's phone gave it. */
  mediaFileName: string | null;
  sentAt: Date;
  fromMe: boolean;
}

/** The messaging subgraph refuses longer bodies (zod max and VARCHAR(4096)). */
export const MAX_BODY = 4096;
/** The ingest API refuses longer file names. */
export const MAX_FILE_NAME = 255;

export type Content = Pick<InboundMessage, 'type' | 'body' | 'mediaMime' | 'mediaFileName'>;

export interface MapOptions {
  /**
   * Keep our own messages (`fromMe`): one typed on the session's phone is
   * part of the lead's thread. Only the caller knows whether a fromMe message
   * is that or the echo of a send the connector made.
   */
  includeFromMe?: boolean;
}

/**
 * Maps a Baileys message to Leadwire's inbound shape, or null for what
 * Leadwire ignores. Pure: `receivedAt` stands in only when WhatsApp sent no
 * timestamp.
 */
export function toInboundMessage(
  msg: proto.IWebMessageInfo,
  sessionId: string,
  defaultRegion: string,
  receivedAt: Date = new Date(),
  options: MapOptions = {},
): InboundMessage | null {
  const key = msg.key as WAMessageKey | null | undefined;
  const remoteJid = key?.remoteJid;
  if (!key?.id || !remoteJid) return null;
  // Our own messages (sent by the connector, or by an agent on the phone)
  // come back as fromMe; the send path records the connector's, so recording
  // its echo would duplicate them. Only a caller that can tell the two apart
  // asks for them.
  const fromMe = Boolean(key.fromMe);
  if (fromMe && !options.includeFromMe) return null;
  // Leadwire talks to leads one-to-one. Groups (@g.us), status@broadcast and
  // broadcast lists, newsletters and bots are not leads.
  if (!isPnUser(remoteJid) && !isLidUser(remoteJid)) return null;

  const content = toContent(normalizeMessageContent(msg.message));
  // null here covers protocol messages (revokes, edits, ephemeral settings),
  // reactions (they annotate a message, they are not one: toInboundChange
  // maps those), empty and stub-only messages, and kinds Leadwire has no type
  // for yet.
  if (!content) return null;

  return {
    sessionId,
    waMessageId: key.id,
    remoteJid,
    phone: phoneOf(key, defaultRegion),
    // On our own message the push name is the session's, not the lead's.
    pushName: fromMe ? null : msg.pushName || null,
    ...content,
    body: content.body === null ? null : truncate(content.body, MAX_BODY),
    // Filled in by the handler once the file is downloaded and stored.
    mediaPath: null,
    mediaSize: null,
    sentAt: toDate(msg.messageTimestamp) ?? receivedAt,
    fromMe,
  };
}

export function toContent(m: proto.IMessage | undefined): Content | null {
  switch (m ? getContentType(m) : undefined) {
    case 'conversation':
      return text(m!.conversation);
    case 'extendedTextMessage':
      return text(m!.extendedTextMessage!.text);
    case 'imageMessage':
      return media('IMAGE', m!.imageMessage!.caption, m!.imageMessage!.mimetype);
    case 'videoMessage':
      return media('VIDEO', m!.videoMessage!.caption, m!.videoMessage!.mimetype);
    case 'documentMessage':
      return { ...media('DOCUMENT', m!.documentMessage!.caption, m!.documentMessage!.mimetype), mediaFileName: fileName(m!.documentMessage!.fileName) };
    case 'audioMessage':
      return media('AUDIO', null, m!.audioMessage!.mimetype);
    case 'locationMessage':
      return location(m!.locationMessage);
    case 'liveLocationMessage':
      return location(m!.liveLocationMessage);
    default:
      return null;
  }
}

// The subgraph requires a body for TEXT, and a blank text is nothing to show.
const text = (body: string | null | undefined): Content | null =>
  body?.trim() ? { type: 'TEXT', body, mediaMime: null, mediaFileName: null } : null;

const media = (type: InboundType, caption: string | null | undefined, mime: string | null | undefined): Content => ({
  type,
  body: caption || null,
  mediaMime: mime || null,
  mediaFileName: null,
});

// The name reaches file dialogs and Content-Disposition headers: control
// characters (a newline above all) have no business in it.
function fileName(name: string | null | undefined): string | null {
  const clean = name?.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return clean ? truncate(clean, MAX_FILE_NAME).trim() : null;
}

function location(loc: { degreesLatitude?: number | null; degreesLongitude?: number | null } | null | undefined): Content | null {
  if (loc?.degreesLatitude == null || loc.degreesLongitude == null) return null;
  return { type: 'LOCATION', body: `${loc.degreesLatitude},${loc.degreesLongitude}`, mediaMime: null, mediaFileName: null };
}

/** Baileys 6 named the phone JID of a LID chat `senderPn`; Baileys 7 says `remoteJidAlt`. */
export type KeyWithAlt = WAMessageKey & { senderPn?: string | null };

/**
 * The chat's number, E.164. Baileys 7 may address a chat by LID; the phone
 * JID then rides along in key.remoteJidAlt (senderPn before). Without either
 * the number comes from a LID mapping, if at all (see lid-store.ts).
 */
export function phoneOf(key: KeyWithAlt, defaultRegion: string): string | null {
  const jid = [key.remoteJid, key.remoteJidAlt, key.senderPn].find((j) => isPnUser(j ?? undefined));
  return jid ? phoneOfUser(jidDecode(jid)?.user, defaultRegion) : null;
}

/** The user part of a phone JID is the international number without "+". */
export const phoneOfUser = (user: string | null | undefined, defaultRegion: string): string | null =>
  user && /^\d{5,20}$/.test(user) ? normalizePhone(`+${user}`, defaultRegion) : null;

// protobufjs gives a Long for uint64 fields; plain objects may carry a number.
export function toDate(ts: proto.IWebMessageInfo['messageTimestamp']): Date | null {
  if (ts == null) return null;
  const seconds = typeof ts === 'number' ? ts : ts.toNumber();
  return seconds > 0 ? new Date(seconds * 1000) : null;
}

// Cut at `max` UTF-16 units (what the subgraph counts) without splitting a surrogate pair.
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
