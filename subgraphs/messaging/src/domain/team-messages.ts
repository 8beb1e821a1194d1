import { randomBytes } from 'node:crypto';
import { QUEUES, workspaceOf, type OutboundJob } from '@leadwire/platform';
import type { MessagingContext } from '../context.ts';
import { fail, MessagingErrorCode } from '../errors.ts';
import type { Message } from '../generated/prisma/client.ts';
import type { WorkspaceTx } from './message-log.ts';

/**
 * WhatsApp lets the sender choose a message's key id. Choosing it at queue
 * time, in the format WhatsApp Web uses, lets the connector send with it and
 * report receipts by it, and a retried send is recognised as the same message.
 */
export const newWaMessageId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

export interface TeamThread {
  conversationId: string;
  remoteJid: string;
}

/**
 * Where a person's message to a lead goes: the lead's chat on the TEAM
 * number, on `conversationId` when the caller names one (checked already),
 * else on the thread with the TEAM session, opened on first use. Asks the
 * owners of leads and threads, so call it before taking the workspace lock.
 */
export async function teamThread(ctx: MessagingContext, leadId: string, conversationId: string | null | undefined, field: string): Promise<TeamThread> {
  const workspaceId = workspaceOf(ctx.identity);
  const phone = await ctx.directory.leadPhone(workspaceId, leadId);
  if (!phone) fail(MessagingErrorCode.LEAD_WITHOUT_PHONE, `${field}: this lead has no phone to message`, { field });
  const remoteJid = `${phone.slice(1)}@s.whatsapp.net`;
  return {
    remoteJid,
    conversationId: conversationId ?? (await ctx.directory.openThread(workspaceId, { leadId, sessionId: ctx.teamSessionId, remoteJid })),
  };
}

export interface TeamMessage {
  leadId: string;
  thread: TeamThread;
  body: string;
  type: 'TEXT' | 'TEMPLATE';
}

/**
 * Records a message from the caller (a consultant, or SYSTEM for an API key)
 * on the TEAM session with its send job, in the caller's transaction: the
 * send cannot be lost between commit and queue. Poke `ctx.jobs` after commit.
 */
export async function queueTeamMessage(ctx: MessagingContext, w: WorkspaceTx, message: TeamMessage, query: object = {}): Promise<Message> {
  const identity = ctx.identity;
  const byUser = identity.kind === 'user';
  const { remoteJid, conversationId } = message.thread;
  const created = await w.tx.message.create({
    ...query,
    data: {
      workspaceId: w.workspaceId,
      seq: await w.nextSeq(),
      leadId: message.leadId,
      conversationId,
      direction: 'OUTBOUND',
      author: byUser ? 'CONSULTANT' : 'SYSTEM',
      authorUserId: byUser ? identity.userId : null,
      type: message.type,
      body: message.body,
      waMessageId: newWaMessageId(),
      sessionId: ctx.teamSessionId,
      remoteJid,
      status: 'QUEUED',
    },
  });
  const job: OutboundJob = {
    messageId: created.id,
    workspaceId: w.workspaceId,
    sessionId: ctx.teamSessionId,
    remoteJid,
    waMessageId: created.waMessageId!,
    type: 'TEXT',
    body: message.body,
    correlationId: ctx.requestId,
  };
  await w.tx.queuedJob.create({ data: { id: created.id, queue: QUEUES.outbound, workspaceId: w.workspaceId, payload: job as object } });
  w.touched(created.leadId);
  return created;
}
