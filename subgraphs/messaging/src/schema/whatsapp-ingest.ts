import { randomUUID } from 'node:crypto';
import { parseInput, QUEUES, workspaceOf, type QualificationJob } from '@leadwire/platform';
import { builder } from '../builder.ts';
import type { MessagingContext } from '../context.ts';
import { inWorkspace, type WorkspaceTx } from '../domain/message-log.ts';
import { adoptReactions, applyChanges, prefetchLeadPhones, type LeadPhones } from '../domain/whatsapp-changes.ts';
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

/** Leads and threads for the senders of a batch: found, or created for numbers never seen. */
async function resolveChats(ctx: MessagingContext, workspaceId: string, sessionId: string, messages: Inbound[]) {
  const contacts = new Map<string, string | null>();
  for (const m of messages) if (!contacts.has(m.phone) || (!m.fromMe && m.pushName)) contacts.set(m.phone, m.fromMe ? null : (m.pushName ?? null));
  const leads = await ctx.directory.ensureWhatsAppLeads(workspaceId, [...contacts].map(([phone, name]) => ({ phone, name })));
  const threads = new Map<string, string>();
  await Promise.all(
    [...new Map(messages.map((m) => [leads.get(m.phone)!, m.remoteJid])).entries()].map(async ([leadId, remoteJid]) => {
      const key = `${workspaceId}:${leadId}:${sessionId}`;
      let thread = knownThreads.get(key);
      if (!thread) {
        thread = await ctx.directory.openThread(workspaceId, { leadId, sessionId, remoteJid });
        if (knownThreads.size >= THREADS_REMEMBERED) knownThreads.clear();
        knownThreads.set(key, thread);
      }
      threads.set(leadId, thread);
    }),
  );
  return { leads, threads };
}

/**
 * Stores the batch and a qualification job per new inbound message in one
 * transaction. A concurrent call may have stored some of them since the check
 * before the lock: those are skipped (their numbers stay unused) and get no job.
 */
async function storeBatch(w: WorkspaceTx, ctx: MessagingContext, sessionId: string, rows: Inbound[], chats: Awaited<ReturnType<typeof resolveChats>>) {
  const seqs = await w.nextSeqs(rows.length);
  const now = new Date();
  const messages = rows.map((m, i) => {
    const leadId = chats.leads.get(m.phone)!;
    return {
      id: randomUUID(),
      workspaceId: w.workspaceId,
      seq: seqs[i]!,
      leadId,
      conversationId: chats.threads.get(leadId) ?? null,
      direction: m.fromMe ? ('OUTBOUND' as const) : ('INBOUND' as const),
      // fromMe here means someone typed on the business phone itself.
      author: m.fromMe ? ('CONSULTANT' as const) : ('LEAD' as const),
      type: m.type,
      body: m.body ?? null,
      mediaMime: m.mediaMime ?? null,
      mediaPath: m.mediaPath ?? null,
      mediaSize: m.mediaSize ?? null,
      mediaFileName: m.mediaFileName ?? null,
      waMessageId: m.waMessageId,
      sessionId,
      remoteJid: m.remoteJid,
      status: m.fromMe ? ('SENT' as const) : ('DELIVERED' as const),
      sentAt: m.sentAt,
      deliveredAt: m.fromMe ? null : now,
    };
  });
  const stored = new Set((await w.tx.message.createManyAndReturn({ data: messages, skipDuplicates: true, select: { id: true } })).map((m) => m.id));
  const jobs = messages
    .filter((m) => stored.has(m.id) && m.direction === 'INBOUND')
    .map((m) => {
      const payload: QualificationJob = { messageId: m.id, workspaceId: w.workspaceId, leadId: m.leadId, conversationId: m.conversationId, correlationId: ctx.requestId };
      return { id: m.id, queue: QUEUES.qualification, workspaceId: w.workspaceId, payload: payload as object };
    });
  if (jobs.length) await w.tx.queuedJob.createMany({ data: jobs });
  for (const m of messages) if (stored.has(m.id)) w.touched(m.leadId);
  await adoptReactions(
    w,
    messages.flatMap((m, i) => (stored.has(m.id) ? [{ id: m.id, waMessageId: m.waMessageId, sessionId, phone: rows[i]!.phone }] : [])),
  );
  return stored.size;
}

builder.mutationFields((t) => ({
  ingestWhatsAppMessages: t.field({
    type: IngestWhatsAppPayload,
    description:
      'The WhatsApp connector reports a batch of messages, reactions, edits and deletions, in the order WhatsApp delivered them. Idempotent: a message is stored once per WhatsApp id, and a reaction, edit or deletion takes effect once, only when newer than what is recorded and only from the chat (and, for edits and deletions, the sender) of the message it is about. Each new message from a lead queues one qualification job, in the same transaction.',
    authScopes: { service: true },
    args: { input: t.arg({ type: IngestWhatsAppInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<IngestOutcome> => {
      const input = parseInput(ingestSchema(ctx.defaultPhoneRegion), args.input);
      const workspaceId = workspaceOf(ctx.identity);
      const messages = input.messages.filter((m): m is Inbound => m.kind === 'MESSAGE');
      const changes = input.messages.filter((m): m is InboundChange => m.kind !== 'MESSAGE');
      const firstOf = new Map<string, Inbound>();
      for (const m of messages) if (!firstOf.has(m.waMessageId)) firstOf.set(m.waMessageId, m);
      // Replays are the common case after a reconnect: answer them without the lock or the other subgraphs.
      const seen = new Set(
        (await ctx.prisma.message.findMany({ where: { workspaceId, waMessageId: { in: [...firstOf.keys()] } }, select: { waMessageId: true } })).map(
          (m) => m.waMessageId!,
        ),
      );
      const fresh = [...firstOf.values()].filter((m) => !seen.has(m.waMessageId));
      if (!fresh.length && !changes.length) return { accepted: 0, duplicates: messages.length, applied: 0, ignored: 0 };
      const chats = fresh.length ? await resolveChats(ctx, workspaceId, input.sessionId, fresh) : null;
      // The batch's own messages may be what its changes are about: their leads' numbers are known.
      const known: LeadPhones = new Map(fresh.map((m) => [chats!.leads.get(m.phone)!, m.phone]));
      const phones = changes.length ? await prefetchLeadPhones(ctx, workspaceId, changes, known) : known;
      const outcome = await inWorkspace(
        ctx,
        async (w) => {
          const accepted = chats ? await storeBatch(w, ctx, input.sessionId, fresh, chats) : 0;
          // After the messages: a change may be about one stored just now.
          const { applied, ignored } = changes.length ? await applyChanges(w, ctx, input.sessionId, changes, phones) : { applied: 0, ignored: 0 };
          return { accepted, duplicates: messages.length - accepted, applied, ignored };
        },
        { reserve: fresh.length },
      );
      if (outcome.accepted) ctx.jobs.poke();
      return outcome;
    },
  }),
}));
