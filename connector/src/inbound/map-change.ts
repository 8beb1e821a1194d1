import { isLidUser, isPnUser, normalizeMessageContent, proto, type BaileysEventMap, type WAMessageKey } from '@whiskeysockets/baileys';
import { MAX_BODY, phoneOf, toContent, toDate, truncate, type InboundMessage, type MapOptions } from './map-message.ts';

export type ChangeKind = 'REACTION' | 'EDIT' | 'REVOKE';

/** A reaction, edit or deletion of an earlier message of a lead's chat. */
export interface InboundChange {
  kind: ChangeKind;
  sessionId: string;
  /** The WhatsApp message carrying the change (the target's id when Baileys gives no other, as for edits in messages.update). */
  waMessageId: string;
  /** The message reacted to, edited or deleted. */
  targetWaMessageId: string;
  /** The chat it came from; the platform checks it is the target's. */
  remoteJid: string;
  /** E.164, or null when the chat is a LID not resolved yet. */
  phone: string | null;
  /** Made on the business phone (or, for a reaction, by us on it). */
  fromMe: boolean;
  /** REACTION: the emoji, '' when the reaction was taken back. */
  emoji: string | null;
  /** EDIT: the new text or caption. */
  body: string | null;
  /** WhatsApp's time of the change: the platform lets only a newer one win. */
  at: Date;
}

/** What the connector hands to ingest, in the order WhatsApp delivered it. */
export type InboundItem = InboundMessage | InboundChange;

export const isChange = (item: InboundItem): item is InboundChange => 'kind' in item;

/** The platform stores at most 32 characters (code points) of an emoji. */
export const MAX_EMOJI = 32;

const { Type } = proto.Message.ProtocolMessage;

/**
 * Maps a reaction, an edit or a "delete for everyone" that Baileys upserts
 * as a message of its own to the change it makes, or null for anything else
 * (messages, other protocol messages, groups, what is not ours to take).
 * Baileys also emits them as `messages.reaction` / `messages.update` right
 * after; the upsert is the one to read, as it carries the sender's full key
 * (its LID and phone) and the time the sender's phone gave.
 */
export function toInboundChange(
  msg: proto.IWebMessageInfo,
  sessionId: string,
  defaultRegion: string,
  receivedAt: Date = new Date(),
  options: MapOptions = {},
): InboundChange | null {
  const key = msg.key as WAMessageKey | null | undefined;
  const remoteJid = key?.remoteJid;
  if (!key?.id || !remoteJid || !isLeadChat(remoteJid)) return null;
  const fromMe = Boolean(key.fromMe);
  if (fromMe && !options.includeFromMe) return null;
  const content = normalizeMessageContent(msg.message);
  const sent = toDate(msg.messageTimestamp) ?? receivedAt;
  const base = { sessionId, waMessageId: key.id, remoteJid, phone: phoneOf(key, defaultRegion), fromMe, emoji: null, body: null };

  const reaction = content?.reactionMessage;
  if (reaction) {
    const emoji = cleanEmoji(reaction.text);
    if (!reaction.key?.id || emoji === null) return null;
    return { ...base, kind: 'REACTION', targetWaMessageId: reaction.key.id, emoji, at: fromMs(reaction.senderTimestampMs) ?? sent };
  }
  const protocol = content?.protocolMessage;
  if (!protocol?.key?.id) return null;
  if (protocol.type === Type.REVOKE) return { ...base, kind: 'REVOKE', targetWaMessageId: protocol.key.id, at: sent };
  if (protocol.type === Type.MESSAGE_EDIT) {
    const body = editedBody(protocol.editedMessage);
    if (body === null) return null;
    return { ...base, kind: 'EDIT', targetWaMessageId: protocol.key.id, body, at: fromMs(protocol.timestampMs) ?? sent };
  }
  return null;
}

/**
 * The edit Baileys emits as `messages.update` after processing an edit's
 * protocol message: the key is the edit's own (its chat and sender) with the
 * edited message's id, `update.message.editedMessage.message` the new content.
 */
export function toEditFromUpdate(
  { key, update }: BaileysEventMap['messages.update'][number],
  sessionId: string,
  defaultRegion: string,
  receivedAt: Date = new Date(),
  options: MapOptions = {},
): InboundChange | null {
  const edited = update.message?.editedMessage?.message;
  const remoteJid = key.remoteJid;
  if (!edited || !key.id || !remoteJid || !isLeadChat(remoteJid)) return null;
  const fromMe = Boolean(key.fromMe);
  if (fromMe && !options.includeFromMe) return null;
  const body = editedBody(edited);
  if (body === null) return null;
  return {
    kind: 'EDIT',
    sessionId,
    waMessageId: key.id,
    targetWaMessageId: key.id,
    remoteJid,
    phone: phoneOf(key, defaultRegion),
    fromMe,
    emoji: null,
    body,
    at: toDate(update.messageTimestamp) ?? receivedAt,
  };
}

// Leadwire talks to leads one-to-one, as for messages.
const isLeadChat = (jid: string) => Boolean(isPnUser(jid) || isLidUser(jid));

function editedBody(message: proto.IMessage | null | undefined): string | null {
  const body = toContent(normalizeMessageContent(message) ?? undefined)?.body;
  return body?.trim() ? truncate(body, MAX_BODY) : null;
}

// What a phone sends is an emoji; anything that could not be one (too long,
// control characters) is dropped here rather than get the whole batch refused.
function cleanEmoji(text: string | null | undefined): string | null {
  const emoji = (text ?? '').trim();
  if ([...emoji].length > MAX_EMOJI || /\p{Cc}/u.test(emoji)) return null;
  return emoji;
}

function fromMs(ms: number | { toNumber(): number } | null | undefined): Date | null {
  if (ms == null) return null;
  const value = typeof ms === 'number' ? ms : ms.toNumber();
  return value > 0 ? new Date(value) : null;
}
