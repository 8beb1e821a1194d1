import { proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';

/** How a lead's chat reaches the session: by phone JID, or by LID with the phone beside it or not. */
export interface ChatAddress {
  /** The lead's number, E.164. */
  from: string;
  /** Address the chat by this LID (`<digits>@lid`), as WhatsApp does for privacy. */
  lid?: string;
  /** With `lid`: WhatsApp gives no phone beside it, so the connector must learn it elsewhere. */
  hideNumber?: boolean;
}

export interface LeadChange extends ChatAddress {
  /** The WhatsApp id of the message reacted to, edited or deleted. */
  target: string;
  /** Whose message the target is, as the lead sees it: the lead's own (edits, deletions) or ours. */
  targetFromLead?: boolean;
  id: string;
  at?: Date;
}

const jidOf = (e164: string) => `${e164.replace(/^\+/, '')}@s.whatsapp.net`;

/** The key of a message the lead sends: the chat's JID, and the phone's as `remoteJidAlt` when WhatsApp gives it. */
export function leadKey(chat: ChatAddress, id: string): WAMessageKey {
  const key: WAMessageKey = { remoteJid: chat.lid ?? jidOf(chat.from), fromMe: false, id };
  // Not a protobuf field: Baileys sets it on the key it decodes, and so do we.
  if (chat.lid && !chat.hideNumber) key.remoteJidAlt = jidOf(chat.from);
  return key;
}

function leadMessage(chat: ChatAddress, id: string, message: proto.IMessage, at: Date): WAMessage {
  const msg = proto.WebMessageInfo.fromObject({ key: { remoteJid: '', id }, message, messageTimestamp: Math.floor(at.getTime() / 1000) }) as WAMessage;
  msg.key = leadKey(chat, id);
  return msg;
}

// The target key as the lead's phone writes it: from its point of view.
const targetKey = (change: LeadChange, ownJid: string) => ({ remoteJid: ownJid, fromMe: Boolean(change.targetFromLead), id: change.target });

/** A reaction as a lead's phone sends it; an empty emoji takes it back. */
export function reactionMessage(change: LeadChange & { emoji: string }, ownJid: string): WAMessage {
  const at = change.at ?? new Date();
  return leadMessage(change, change.id, { reactionMessage: { key: targetKey(change, ownJid), text: change.emoji, senderTimestampMs: at.getTime() } }, at);
}

/** An edit of the lead's own message, wrapped as phones send it. */
export function editMessage(change: LeadChange & { text: string }, ownJid: string): WAMessage {
  const at = change.at ?? new Date();
  const protocolMessage = {
    type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
    key: targetKey({ ...change, targetFromLead: true }, ownJid),
    editedMessage: { conversation: change.text },
    timestampMs: at.getTime(),
  };
  return leadMessage(change, change.id, { editedMessage: { message: { protocolMessage } } }, at);
}

/** The lead deletes their own message for everyone. */
export function revokeMessage(change: LeadChange, ownJid: string): WAMessage {
  const protocolMessage = { type: proto.Message.ProtocolMessage.Type.REVOKE, key: targetKey({ ...change, targetFromLead: true }, ownJid) };
  return leadMessage(change, change.id, { protocolMessage }, change.at ?? new Date());
}
