import { randomUUID } from 'node:crypto';
import { parseInput, QUEUES, workspaceOf, zPhone, type QualificationJob } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { MessagingContext } from '../context.ts';
import { inWorkspace, type WorkspaceTx } from '../domain/message-log.ts';
import { MAX_BODY } from '../domain/templates.ts';
import { MessageType } from './message.ts';

const WhatsAppInboundInput = builder.inputType('WhatsAppInboundInput', {
  fields: (t) => ({
    waMessageId: t.string({ required: true }),
    remoteJid: t.string({ required: true, description: 'The chat, e.g. 5511987654321@s.whatsapp.net' }),
    fromMe: t.boolean({ required: true, description: 'Sent from the business phone itself: recorded as outbound' }),
    phone: t.string({ required: true, description: 'The lead’s number, E.164' }),
    pushName: t.string(),
    type: t.field({ type: MessageType, required: true }),
    body: t.string(),
    mediaMime: t.string(),
    mediaPath: t.string({ description: 'The stored file, `<sha256>.<ext>`, in the media directory the router serves' }),
    mediaSize: t.int(),
    mediaFileName: t.string(),
    sentAt: t.field({ type: 'DateTime', required: true }),
  }),
});

const IngestWhatsAppInput = builder.inputType('IngestWhatsAppInput', {
  fields: (t) => ({
    sessionId: t.string({ required: true }),
    messages: t.field({ type: [WhatsAppInboundInput], required: true }),
  }),
});

const IngestWhatsAppPayload = builder.objectRef<{ accepted: number; duplicates: number }>('IngestWhatsAppPayload').implement({
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Messages stored by this call' }),
    duplicates: t.exposeInt('duplicates', { description: 'Messages already stored (redeliveries, replays): nothing was written for them' }),
  }),
});

const JID = /^\d{5,20}@s\.whatsapp\.net$/;

const ingestSchema = (region: string) =>
  z.object({
    sessionId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 lowercase letters, digits or dashes'),
    messages: z
      .array(
        z
          .object({
            waMessageId: z.string().trim().min(1, 'is required').max(128),
            remoteJid: z.string().regex(JID, 'is not a WhatsApp user JID'),
            fromMe: z.boolean(),
            phone: zPhone(region),
            pushName: z.string().trim().max(120).nullish(),
            type: z.enum(['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT', 'LOCATION']),
            body: z.string().max(MAX_BODY, `must be at most ${MAX_BODY} characters`).nullish(),
            mediaMime: z.string().max(255).regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, 'is not a mime type').nullish(),
            // Content-addressed names only: nothing here can point outside the media directory.
            mediaPath: z.string().regex(/^[a-f0-9]{64}\.[a-z0-9]{1,8}$/, 'is not a stored media name').nullish(),
            mediaSize: z.number().int().min(0).max(64 * 1024 * 1024).nullish(),
            mediaFileName: z.string().trim().max(255).nullish(),
            sentAt: z.date(),
          })
          .superRefine((m, ctx) => {
            if (m.type === 'TEXT' && !m.body?.trim()) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required for TEXT' });
          }),
      )
      .min(1, 'needs at least one message')
      .max(500, 'at most 500 messages per call'),
  });

type Inbound = z.infer<ReturnType<typeof ingestSchema>>['messages'][number];

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
  return stored.size;
}

builder.mutationFields((t) => ({
  ingestWhatsAppMessages: t.field({
    type: IngestWhatsAppPayload,
    description:
      'The WhatsApp connector reports a batch of messages, in the order WhatsApp delivered them. Idempotent on the WhatsApp message id: redeliveries and replays store nothing. Each new message from a lead queues one qualification job, in the same transaction.',
    authScopes: { service: true },
    args: { input: t.arg({ type: IngestWhatsAppInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(ingestSchema(ctx.defaultPhoneRegion), args.input);
      const workspaceId = workspaceOf(ctx.identity);
      const firstOf = new Map<string, Inbound>();
      for (const m of input.messages) if (!firstOf.has(m.waMessageId)) firstOf.set(m.waMessageId, m);
      // Replays are the common case after a reconnect: answer them without the lock or the other subgraphs.
      const seen = new Set(
        (await ctx.prisma.message.findMany({ where: { workspaceId, waMessageId: { in: [...firstOf.keys()] } }, select: { waMessageId: true } })).map(
          (m) => m.waMessageId!,
        ),
      );
      const fresh = [...firstOf.values()].filter((m) => !seen.has(m.waMessageId));
      if (!fresh.length) return { accepted: 0, duplicates: input.messages.length };
      const chats = await resolveChats(ctx, workspaceId, input.sessionId, fresh);
      const accepted = await inWorkspace(ctx, (w) => storeBatch(w, ctx, input.sessionId, fresh, chats), { reserve: fresh.length });
      ctx.jobs.poke();
      return { accepted, duplicates: input.messages.length - accepted };
    },
  }),
}));
