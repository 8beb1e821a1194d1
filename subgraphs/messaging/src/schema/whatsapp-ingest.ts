import { randomUUID } from 'node:crypto';
import { cacheWhatsAppLeads, parseInput, QUEUES, workspaceOf, type CachedLeadDirectory, type LeadDirectory } from '@leadwire/platform';
import { builder } from '../builder.ts';
import type { MessagingContext } from '../context.ts';
import { drawSeqs, inOneStatement, inWorkspace, type Tx } from '../domain/message-log.ts';
import { adoptLateReactions, applyChanges, prefetchLeadPhones, type LeadPhones } from '../domain/whatsapp-changes.ts';
import { Prisma } from '../generated/prisma/client.ts';
import {
  IngestWhatsAppInput,
  IngestWhatsAppPayload,
  ingestSchema,
  type IngestOutcome,
  type InboundChange,
  type InboundMessageRow as Inbound,
} from './whatsapp-ingest-input.ts';

// A thread, once opened, is never deleted: remembering it spares a call to the
// conversations subgraph for every message of a busy chat.
const THREADS_REMEMBERED = 50_000;
const knownThreads = new Map<string, string>();
const THREADS_OPENED_AT_ONCE = 8;

// The leads of numbers seen lately, per process (one directory each): most
// batches then ask the leads subgraph nothing.
const directories = new WeakMap<LeadDirectory, CachedLeadDirectory>();
function cachedDirectory(ctx: MessagingContext): CachedLeadDirectory {
  let cached = directories.get(ctx.directory);
  if (!cached) directories.set(ctx.directory, (cached = cacheWhatsAppLeads(ctx.directory, ctx.pubsub)));
  return cached;
}

/** Leads and threads for the senders of a batch: found, or created for numbers never seen. */
async function resolveChats(ctx: MessagingContext, workspaceId: string, sessionId: string, messages: Inbound[]) {
  const contacts = new Map<string, string | null>();
  for (const m of messages) if (!contacts.has(m.phone) || (!m.fromMe && m.pushName)) contacts.set(m.phone, m.fromMe ? null : (m.pushName ?? null));
  const leads = await cachedDirectory(ctx).ensureWhatsAppLeads(workspaceId, [...contacts].map(([phone, name]) => ({ phone, name })));
  const threads = new Map<string, string>();
  const toOpen: Array<{ key: string; leadId: string; remoteJid: string }> = [];
  for (const [leadId, remoteJid] of new Map(messages.map((m) => [leads.get(m.phone)!, m.remoteJid]))) {
    const key = `${workspaceId}:${leadId}:${sessionId}`;
    const known = knownThreads.get(key);
    if (known) threads.set(leadId, known);
    else toOpen.push({ key, leadId, remoteJid });
  }
  // A burst of new numbers opens their threads a few at a time: the conversations
  // subgraph opens them one by one anyway, and hundreds of calls at once would
  // only wait there until they time out.
  const open = async () => {
    for (let next = toOpen.shift(); next; next = toOpen.shift()) {
      const thread = await ctx.directory.openThread(workspaceId, { leadId: next.leadId, sessionId, remoteJid: next.remoteJid });
      if (knownThreads.size >= THREADS_REMEMBERED) knownThreads.clear();
      knownThreads.set(next.key, thread);
      threads.set(next.leadId, thread);
    }
  };
  await Promise.all(Array.from({ length: Math.min(THREADS_OPENED_AT_ONCE, toOpen.length) }, open));
  return { leads, threads };
}

type Chats = Awaited<ReturnType<typeof resolveChats>>;

/** The leads and threads of a batch when every one is remembered; otherwise null. */
function rememberedChats(ctx: MessagingContext, workspaceId: string, sessionId: string, messages: Inbound[]): Chats | null {
  const leads = cachedDirectory(ctx).remembered(workspaceId, new Set(messages.map((m) => m.phone)));
  if (!leads) return null;
  const threads = new Map<string, string>();
  for (const leadId of leads.values()) {
    const thread = knownThreads.get(`${workspaceId}:${leadId}:${sessionId}`);
    if (!thread) return null;
    threads.set(leadId, thread);
  }
  return { leads, threads };
}

// Built once per region: building a zod schema (and compiling its fast path) costs more than parsing a batch with it.
const schemas = new Map<string, ReturnType<typeof ingestSchema>>();
function ingestSchemaFor(region: string) {
  let schema = schemas.get(region);
  if (!schema) schemas.set(region, (schema = ingestSchema(region)));
  return schema;
}

/** A message this call stored, and the chat it came from. */
export interface StoredMessage {
  id: string;
  leadId: string;
  waMessageId: string;
  phone: string;
}

/**
 * Stores the batch in one statement: the messages no concurrent call stored
 * first (the unique WhatsApp id decides; those skipped leave their numbers
 * unused), a qualification job for each new one from a lead (the outbox row,
 * in the same transaction), and the reactions from the same chat that were
 * waiting for them. Draws its numbers (taking the workspace lock) unless
 * `first` says which it was given under a lock already held.
 */
async function storeMessages(
  db: Pick<Tx, '$queryRaw'>,
  ctx: MessagingContext,
  sessionId: string,
  rows: Inbound[],
  chats: Chats,
  first: bigint | null,
): Promise<{ stored: StoredMessage[]; last: bigint }> {
  const workspaceId = workspaceOf(ctx.identity);
  const n = rows.length;
  const ids = rows.map(() => randomUUID());
  const leadIds = rows.map((m) => chats.leads.get(m.phone)!);
  const column = <T>(pick: (m: Inbound) => T | null | undefined) => rows.map((m) => pick(m) ?? null);
  const drawn = first === null ? drawSeqs(workspaceId, n) : Prisma.sql`SELECT ${first + BigInt(n - 1)}::bigint AS "seq"`;
  // "fromMe" means someone typed on the business phone itself.
  const result = await db.$queryRaw<Array<{ seq: bigint; id: string | null }>>`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::uuid[], ${leadIds}::uuid[], ${leadIds.map((id) => chats.threads.get(id) ?? null)}::uuid[], ${column((m) => m.fromMe)}::boolean[],
        ${column((m) => m.type)}::"MessageType"[], ${column((m) => m.body)}::text[], ${column((m) => m.mediaMime)}::text[],
        ${column((m) => m.mediaPath)}::text[], ${column((m) => m.mediaSize)}::int[], ${column((m) => m.mediaFileName)}::text[],
        ${column((m) => m.waMessageId)}::text[], ${column((m) => m.remoteJid)}::text[], ${column((m) => m.sentAt.toISOString())}::timestamptz[],
        ${column((m) => m.phone)}::text[]
      ) WITH ORDINALITY AS i ("id", "leadId", "conversationId", "fromMe", "type", "body", "mediaMime", "mediaPath", "mediaSize", "mediaFileName",
                              "waMessageId", "remoteJid", "sentAt", "phone", "n")
    ),
    drawn AS (${drawn}),
    stored AS (
      INSERT INTO "Message" ("id", "workspaceId", "seq", "leadId", "conversationId", "direction", "author", "type", "body", "mediaMime", "mediaPath",
                             "mediaSize", "mediaFileName", "waMessageId", "sessionId", "remoteJid", "status", "sentAt", "deliveredAt", "createdAt")
      SELECT i."id", ${workspaceId}::uuid, d."seq" - ${n} + i."n", i."leadId", i."conversationId",
             (CASE WHEN i."fromMe" THEN 'OUTBOUND' ELSE 'INBOUND' END)::"MessageDirection",
             (CASE WHEN i."fromMe" THEN 'CONSULTANT' ELSE 'LEAD' END)::"MessageAuthor",
             i."type", i."body", i."mediaMime", i."mediaPath", i."mediaSize", i."mediaFileName", i."waMessageId", ${sessionId}, i."remoteJid",
             (CASE WHEN i."fromMe" THEN 'SENT' ELSE 'DELIVERED' END)::"MessageStatus",
             i."sentAt" AT TIME ZONE 'UTC', CASE WHEN i."fromMe" THEN NULL ELSE now() AT TIME ZONE 'UTC' END, now() AT TIME ZONE 'UTC'
      FROM input i CROSS JOIN drawn d
      ON CONFLICT DO NOTHING
      RETURNING "id", "leadId", "conversationId", "direction", "waMessageId"
    ),
    jobs AS (
      INSERT INTO "QueuedJob" ("id", "queue", "workspaceId", "payload", "createdAt")
      SELECT s."id", ${QUEUES.qualification}, ${workspaceId}::uuid,
             jsonb_build_object('messageId', s."id", 'workspaceId', ${workspaceId}::uuid, 'leadId', s."leadId", 'conversationId', s."conversationId",
                                'correlationId', ${ctx.requestId}::text),
             now() AT TIME ZONE 'UTC'
      FROM stored s WHERE s."direction" = 'INBOUND'
    ),
    adopted AS (
      UPDATE "MessageReaction" r SET "messageId" = s."id", "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM stored s JOIN input i ON i."id" = s."id"
      WHERE r."workspaceId" = ${workspaceId}::uuid AND r."messageId" IS NULL AND r."targetWaMessageId" = s."waMessageId"
        AND r."sessionId" = ${sessionId} AND r."phone" = i."phone"
    )
    SELECT d."seq", s."id" FROM drawn d LEFT JOIN stored s ON true`;
  const storedIds = new Set(result.flatMap((r) => (r.id ? [r.id] : [])));
  return {
    stored: rows.flatMap((m, i) => (storedIds.has(ids[i]!) ? [{ id: ids[i]!, leadId: leadIds[i]!, waMessageId: m.waMessageId, phone: m.phone }] : [])),
    last: result[0]!.seq,
  };
}

builder.mutationFields((t) => ({
  ingestWhatsAppMessages: t.field({
    type: IngestWhatsAppPayload,
    description:
      'The WhatsApp connector reports a batch of messages, reactions, edits and deletions, in the order WhatsApp delivered them. Idempotent: a message is stored once per WhatsApp id, and a reaction, edit or deletion takes effect once, only when newer than what is recorded and only from the chat (and, for edits and deletions, the sender) of the message it is about. Each new message from a lead queues one qualification job, in the same transaction.',
    authScopes: { service: true },
    args: { input: t.arg({ type: IngestWhatsAppInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<IngestOutcome> => {
      const input = parseInput(ingestSchemaFor(ctx.defaultPhoneRegion), args.input);
      const workspaceId = workspaceOf(ctx.identity);
      const messages = input.messages.filter((m): m is Inbound => m.kind === 'MESSAGE');
      const changes = input.messages.filter((m): m is InboundChange => m.kind !== 'MESSAGE');
      const firstOf = new Map<string, Inbound>();
      for (const m of messages) if (!firstOf.has(m.waMessageId)) firstOf.set(m.waMessageId, m);
      // Messages already stored (replays are common after a reconnect) are skipped by their WhatsApp id when
      // stored. A batch whose chats are not all remembered leaves them out first: they cost the other
      // subgraphs nothing.
      let fresh = [...firstOf.values()];
      let chats = changes.length ? null : rememberedChats(ctx, workspaceId, input.sessionId, fresh);
      if (!chats) {
        const seen = new Set(
          (
            await ctx.prisma.$queryRaw<Array<{ waMessageId: string }>>`
              SELECT "waMessageId" FROM "Message" WHERE "workspaceId" = ${workspaceId}::uuid AND "waMessageId" = ANY(${[...firstOf.keys()]}::text[])`
          ).map((m) => m.waMessageId),
        );
        fresh = fresh.filter((m) => !seen.has(m.waMessageId));
        if (!fresh.length && !changes.length) return { accepted: 0, duplicates: messages.length, applied: 0, ignored: 0 };
        chats = fresh.length ? await resolveChats(ctx, workspaceId, input.sessionId, fresh) : null;
      }
      let outcome: IngestOutcome;
      if (!changes.length) {
        // Messages only, the common case: one statement, so the workspace lock is held only while PostgreSQL runs it.
        const stored = await inOneStatement(ctx, async () => {
          const { stored, last } = await storeMessages(ctx.prisma, ctx, input.sessionId, fresh, chats!, null);
          return { result: stored, cursor: last, touched: stored.map((m) => m.leadId) };
        });
        await adoptLateReactions(ctx, input.sessionId, stored);
        outcome = { accepted: stored.length, duplicates: messages.length - stored.length, applied: 0, ignored: 0 };
      } else {
        // The batch's own messages may be what its changes are about: their leads' numbers are known.
        const known: LeadPhones = new Map(fresh.map((m) => [chats!.leads.get(m.phone)!, m.phone]));
        const phones = await prefetchLeadPhones(ctx, workspaceId, changes, known);
        outcome = await inWorkspace(
          ctx,
          async (w) => {
            let accepted = 0;
            if (chats) {
              const [first] = await w.nextSeqs(fresh.length);
              const { stored } = await storeMessages(w.tx, ctx, input.sessionId, fresh, chats, first!);
              for (const m of stored) w.touched(m.leadId);
              accepted = stored.length;
            }
            // After the messages: a change may be about one stored just now.
            const { applied, ignored } = await applyChanges(w, ctx, input.sessionId, changes, phones);
            return { accepted, duplicates: messages.length - accepted, applied, ignored };
          },
          { reserve: fresh.length },
        );
      }
      if (outcome.accepted) ctx.jobs.poke();
      return outcome;
    },
  }),
}));
