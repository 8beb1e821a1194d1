import type { BaileysEventMap, proto, WAMessage } from '@whiskeysockets/baileys';
import type { EventHandlers } from '../events/dispatcher.ts';
import { toMessageStatus, type MessageStatus } from '../outbound/receipt-status.ts';
import { attachMedia, type MediaDeps } from './attach-media.ts';
import { lidUserOf, pairOfMapping, pairsOfMessage, toPair, type LidPair } from './lid-pairs.ts';
import type { LidStore } from './lid-store.ts';
import { toEditFromUpdate, toInboundChange, type InboundChange, type InboundItem } from './map-change.ts';
import { phoneOfUser, toInboundMessage, type InboundMessage } from './map-message.ts';

export interface MessageHandlerDeps {
  sessionId: string;
  /** Region for numbers WhatsApp gives without a country code, e.g. "BR". */
  defaultRegion: string;
  /**
   * Takes the messages, reactions, edits and deletions of one event, in
   * order; they must be durable when it resolves (the spool), and ingesting
   * them must be idempotent, since WhatsApp redelivers.
   */
  ingest(items: InboundItem[]): Promise<void>;
  /** Applies a receipt, as the updateMessageStatus mutation does. */
  updateStatus: (waMessageId: string, status: MessageStatus) => Promise<void>;
  /**
   * Ingest our own messages of `notify` upserts, with `fromMe: true`: those
   * were typed on the session's phone (the connector's own sends come back as
   * `append`); and our reactions, edits and deletions, which the connector
   * never makes. Off unless asked, for callers that record only what leads say.
   */
  ingestFromMe?: boolean;
  /**
   * Downloads images, videos, audio and documents before the batch is handed
   * to `ingest`, so the spooled batch names the stored files. Without it,
   * media messages are ingested with their caption and mime type only.
   */
  media?: MediaDeps;
  /**
   * Where LID↔phone pairs are remembered and LID-only chats wait for their
   * number. Without it they go to `ingest` without a phone (which leaves them out).
   */
  lids?: LidStore;
  /** Baileys' own store of pairs: `sock.signalRepository.lidMapping.getPNForLID`. */
  lookupPn?: (lidJid: string) => Promise<string | null | undefined>;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

// Edits Baileys emits twice (the upsert, then messages.update): enough to span the two.
const EDITS_REMEMBERED = 1_000;

export function createMessageHandlers(deps: MessageHandlerDeps) {
  const { lids, sessionId, defaultRegion } = deps;
  const recentEdits = new Set<string>();
  const editKey = (c: InboundChange) => `${c.remoteJid}\n${c.targetWaMessageId}\n${c.body}`;
  const noteEdit = (c: InboundChange) => {
    if (recentEdits.size >= EDITS_REMEMBERED) recentEdits.clear();
    recentEdits.add(editKey(c));
  };

  const report = async (waMessageId: string | null | undefined, raw: proto.WebMessageInfo.Status | null | undefined) => {
    const status = toMessageStatus(raw);
    // PENDING is where every Leadwire message starts (QUEUED), and status
    // only moves forward, so it carries no news.
    if (waMessageId && status && status !== 'QUEUED') await deps.updateStatus(waMessageId, status);
  };

  // The LID an item without a number is waiting for, if its chat is one.
  const missingLid = (item: InboundItem) => (item.phone ? null : lidUserOf(item.remoteJid));
  const resolvePhone = (item: InboundItem) => {
    const lid = missingLid(item);
    const pn = lid ? lids?.pnOf(lid) : undefined;
    if (pn) item.phone = phoneOfUser(pn, defaultRegion);
  };

  /** Ingests what waits for these LIDs among those whose number is known now. */
  async function releaseHeld(candidates: Iterable<string | null>) {
    const known = [...new Set(candidates)].filter((lid): lid is string => lid !== null && Boolean(lids?.pnOf(lid)) && Boolean(lids?.isHeld(lid)));
    if (!lids || !known.length) return;
    const count = await lids.release(known, async (items) => {
      for (const item of items) resolvePhone(item);
      await deps.ingest(items);
    });
    deps.log?.info({ session: sessionId, count }, 'held LID-only messages ingested: WhatsApp gave their number');
  }

  /** Remembers pairs, then ingests what waited for them, before anything newer. */
  async function learn(pairs: LidPair[]) {
    // Only a number that is a phone resolves anything.
    const usable = pairs.filter((p) => phoneOfUser(p.pn, defaultRegion));
    if (!lids || !usable.length) return;
    await lids.learn(usable);
    await releaseHeld(usable.map((p) => p.lid));
  }

  async function lookup(lid: string) {
    if (!deps.lookupPn) return;
    const pn = await deps.lookupPn(`${lid}@lid`).catch(() => null);
    const pair = toPair(`${lid}@lid`, pn);
    if (pair) await learn([pair]);
  }

  /** Ingests what has a phone, and holds what WhatsApp only gave a LID for until its number is known. */
  async function admit(items: InboundItem[]) {
    if (!items.length) return;
    if (!lids) return deps.ingest(items);
    items.forEach(resolvePhone);
    for (const lid of new Set(items.map(missingLid))) if (lid) await lookup(lid);
    items.forEach(resolvePhone);
    // What a chat said before goes first, should some of it still be waiting.
    await releaseHeld(items.map((i) => lidUserOf(i.remoteJid)));
    const ready: InboundItem[] = [];
    const waiting: InboundItem[] = [];
    for (const item of items) (missingLid(item) ? waiting : ready).push(item);
    if (ready.length) await deps.ingest(ready);
    if (waiting.length) {
      await lids.hold(waiting);
      deps.log?.warn({ session: sessionId, count: waiting.length, held: lids.held }, 'LID-only messages held until WhatsApp gives their number');
    }
  }

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
      const items: InboundItem[] = [];
      const withMedia: { raw: WAMessage; message: InboundMessage }[] = [];
      for (const raw of messages) {
        const message = toInboundMessage(raw, sessionId, defaultRegion, undefined, { includeFromMe });
        if (message) {
          items.push(message);
          withMedia.push({ raw, message });
          continue;
        }
        const change = toInboundChange(raw, sessionId, defaultRegion, undefined, { includeFromMe: deps.ingestFromMe === true });
        if (change?.kind === 'EDIT') noteEdit(change);
        if (change) items.push(change);
      }
      await learn(messages.flatMap(pairsOfMessage));
      if (!items.length) return;
      if (deps.media && withMedia.length) await attachMedia(withMedia, deps.media, sessionId);
      await admit(items);
    },

    'messages.update': async (updates: BaileysEventMap['messages.update']) => {
      const edits: InboundItem[] = [];
      for (const u of updates) {
        // Receipts matter for what we sent; those on a lead's messages (our
        // own read marks) have no Leadwire status. Edits and other updates
        // carry no status, and report() skips them.
        if (u.key.fromMe !== false) await report(u.key.id, u.update.status);
        const edit = toEditFromUpdate(u, sessionId, defaultRegion, undefined, { includeFromMe: deps.ingestFromMe === true });
        // Baileys emits every edit it upserted a moment ago once more here.
        if (!edit || recentEdits.has(editKey(edit))) continue;
        noteEdit(edit);
        edits.push(edit);
      }
      await learn(updates.flatMap((u) => toPair(u.key.remoteJid, u.key.remoteJidAlt) ?? []));
      await admit(edits);
    },

    'lid-mapping.update': async (mapping: BaileysEventMap['lid-mapping.update']) => learn([pairOfMapping(mapping) ?? []].flat()),

    // History itself is not ingested, but the pairs it brings resolve chats.
    'messaging-history.set': async ({ lidPnMappings }: BaileysEventMap['messaging-history.set']) =>
      learn((lidPnMappings ?? []).flatMap((m) => pairOfMapping(m) ?? [])),

    // Baileys may have learned numbers the events never showed (its own lookups): ask it again on every connection.
    'connection.update': async ({ connection }: BaileysEventMap['connection.update']) => {
      if (connection !== 'open' || !lids) return;
      for (const lid of lids.heldLids()) await (lids.pnOf(lid) ? releaseHeld([lid]) : lookup(lid));
    },
  } satisfies EventHandlers;
}
