import { isLidUser, isPnUser, jidDecode, normalizeMessageContent, proto, type LIDMapping, type WAMessage } from '@whiskeysockets/baileys';
import type { KeyWithAlt } from './map-message.ts';

/** A LID user and the phone user (the international number's digits) it stands for. */
export interface LidPair {
  lid: string;
  pn: string;
}

const DIGITS = /^\d{5,20}$/;

/** The user part of a LID JID (device and agent dropped): what the LID store is keyed by. */
export function lidUserOf(jid: string | null | undefined): string | null {
  if (!jid || !isLidUser(jid)) return null;
  const user = jidDecode(jid)?.user;
  return user && DIGITS.test(user) ? user : null;
}

/** A LID and a phone JID, in either order (Baileys accepts both), or null when they are not one of each. */
export function toPair(a: string | null | undefined, b: string | null | undefined): LidPair | null {
  const lid = [a, b].find((j) => isLidUser(j ?? undefined));
  const pn = [a, b].find((j) => isPnUser(j ?? undefined));
  const lidUser = lidUserOf(lid);
  const pnUser = pn ? jidDecode(pn)?.user : undefined;
  return lidUser && pnUser && DIGITS.test(pnUser) ? { lid: lidUser, pn: pnUser } : null;
}

/** The pair of a `lid-mapping.update`, or of an entry of `messaging-history.set`'s lidPnMappings. */
export const pairOfMapping = (mapping: Partial<LIDMapping> | null | undefined): LidPair | null => toPair(mapping?.lid, mapping?.pn);

const { Type } = proto.Message.ProtocolMessage;

/**
 * What a message tells about LIDs: its key's JID and alternate JID (the chat,
 * or a group participant), and the LID migration the session's own phone
 * sends, which Baileys stores without emitting `lid-mapping.update`.
 */
export function pairsOfMessage(msg: WAMessage): LidPair[] {
  const key = msg.key as KeyWithAlt;
  const pairs = [toPair(key.remoteJid, key.remoteJidAlt), toPair(key.remoteJid, key.senderPn), toPair(key.participant, key.participantAlt)];
  const protocol = normalizeMessageContent(msg.message)?.protocolMessage;
  const payload = protocol?.lidMigrationMappingSyncMessage?.encodedMappingPayload;
  // Only our own phone may say who is who; anyone else saying so is ignored, as Baileys does.
  if (key.fromMe && protocol?.type === Type.LID_MIGRATION_MAPPING_SYNC && payload?.length) {
    try {
      for (const m of proto.LIDMigrationMappingSyncPayload.decode(payload).pnToLidMappings) {
        const lid = m.latestLid || m.assignedLid;
        if (m.pn && lid) pairs.push(toPair(`${lid.toString()}@lid`, `${m.pn.toString()}@s.whatsapp.net`));
      }
    } catch {
      // A payload we cannot read teaches nothing; Baileys still has it.
    }
  }
  return pairs.filter((p): p is LidPair => p !== null);
}
