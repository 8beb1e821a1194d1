import { workspaceOf } from '@leadwire/platform';
import type { MessagingContext } from '../context.ts';
import type { Message, MessageType } from '../generated/prisma/client.ts';
import type { InboundChange } from '../schema/whatsapp-ingest-input.ts';
import { inWorkspace, type Tx, type WorkspaceTx } from './message-log.ts';

/**
 * Reactions, edits and deletions WhatsApp reports about earlier messages. Each
 * is about a message of one chat (a session and a lead's number) and only that
 * chat may change it: a lead who names another thread's message id changes
 * nothing. WhatsApp redelivers and reorders, so every change carries its own
 * time and only a newer one takes effect; a replay is a no-op.
 */

type Target = Pick<Message, 'id' | 'leadId' | 'sessionId' | 'remoteJid' | 'direction' | 'type' | 'body' | 'originalBody' | 'editedAt' | 'deletedAt'>;

const TARGET = {
  id: true,
  leadId: true,
  sessionId: true,
  remoteJid: true,
  direction: true,
  type: true,
  body: true,
  originalBody: true,
  editedAt: true,
  deletedAt: true,
  waMessageId: true,
} as const;

// What WhatsApp lets a sender edit: text and captions.
const EDITABLE: ReadonlySet<MessageType> = new Set(['TEXT', 'TEMPLATE', 'IMAGE', 'VIDEO', 'DOCUMENT']);

/** Lead phones by lead id: those the batch itself gave, and those asked of the leads subgraph. */
export type LeadPhones = Map<string, string | null>;

/**
 * Before the workspace lock: the phones of the leads whose messages the
 * changes name, where the chat's JID alone cannot say it is the same chat (a
 * chat that moved from the phone's JID to a LID, or back). Asking the leads
 * subgraph under the lock would hold up every other write of the workspace.
 */
export async function prefetchLeadPhones(ctx: MessagingContext, workspaceId: string, changes: InboundChange[], known: LeadPhones): Promise<LeadPhones> {
  const phones = new Map(known);
  const targets = await ctx.prisma.message.findMany({
    where: { workspaceId, waMessageId: { in: [...new Set(changes.map((c) => c.targetWaMessageId))] } },
    select: { waMessageId: true, leadId: true, remoteJid: true },
  });
  const jidOf = new Map(targets.map((t) => [t.waMessageId!, t]));
  const needed = new Set<string>();
  for (const c of changes) {
    const t = jidOf.get(c.targetWaMessageId);
    if (t && t.remoteJid !== c.remoteJid && !phones.has(t.leadId)) needed.add(t.leadId);
  }
  await Promise.all([...needed].map(async (leadId) => phones.set(leadId, (await ctx.directory.leadPhone(workspaceId, leadId)) ?? null)));
  return phones;
}

export interface ChangeOutcome {
  applied: number;
  ignored: number;
}

/** Applies the changes in order, under the workspace lock; each change to a message draws a new `updatedSeq`. */
export async function applyChanges(
  w: WorkspaceTx,
  ctx: MessagingContext,
  sessionId: string,
  changes: InboundChange[],
  phones: LeadPhones,
): Promise<ChangeOutcome> {
  const rows = await w.tx.message.findMany({
    where: { workspaceId: w.workspaceId, waMessageId: { in: [...new Set(changes.map((c) => c.targetWaMessageId))] } },
    select: TARGET,
  });
  const targets = new Map<string, Target>(rows.map((r) => [r.waMessageId!, r]));
  const phoneOfLead = async (leadId: string) => {
    // A message that arrived between the prefetch and the lock: rare enough to ask for here.
    if (!phones.has(leadId)) phones.set(leadId, (await ctx.directory.leadPhone(w.workspaceId, leadId)) ?? null);
    return phones.get(leadId);
  };
  const sameChat = async (t: Target, c: InboundChange) =>
    t.sessionId === sessionId && (t.remoteJid === c.remoteJid || (await phoneOfLead(t.leadId)) === c.phone);
  // Only whoever sent a message may edit or delete it: the lead theirs, the business phone ours.
  const sameSender = (t: Target, c: InboundChange) => t.direction === (c.fromMe ? 'OUTBOUND' : 'INBOUND');

  const outcome: ChangeOutcome = { applied: 0, ignored: 0 };
  const count = (changed: boolean) => void (changed ? outcome.applied++ : outcome.ignored++);
  for (const c of changes) {
    const found = targets.get(c.targetWaMessageId);
    const target = found && (await sameChat(found, c)) ? found : null;
    if (c.kind === 'REACTION') {
      // A message of another chat is not this chat's to react to; one not here yet keeps the reaction for later.
      count(found && !target ? false : await react(w, sessionId, c, target));
      continue;
    }
    if (!target || !sameSender(target, c) || target.deletedAt) {
      count(false);
      continue;
    }
    count(c.kind === 'EDIT' ? await edit(w, target, c) : await revoke(w, target, c));
  }
  return outcome;
}

async function react(w: WorkspaceTx, sessionId: string, c: InboundChange, target: Target | null): Promise<boolean> {
  const emoji = c.emoji ?? '';
  const where = {
    workspaceId_targetWaMessageId_sessionId_phone_fromLead: {
      workspaceId: w.workspaceId,
      targetWaMessageId: c.targetWaMessageId,
      sessionId,
      phone: c.phone,
      fromLead: !c.fromMe,
    },
  };
  const existing = await w.tx.messageReaction.findUnique({ where });
  if (existing) {
    const at = existing.reactedAt.getTime();
    if (at > c.sentAt.getTime() || (at === c.sentAt.getTime() && existing.emoji === emoji)) return false;
  }
  const messageId = target?.id ?? existing?.messageId ?? null;
  await w.tx.messageReaction.upsert({
    where,
    create: { ...where.workspaceId_targetWaMessageId_sessionId_phone_fromLead, messageId, emoji, reactedAt: c.sentAt },
    update: { messageId, emoji, reactedAt: c.sentAt },
  });
  // A removal of what was never shown, or the same emoji again, shows nothing new.
  if (target && (existing?.emoji ?? '') !== emoji) await changed(w, target);
  return true;
}

async function edit(w: WorkspaceTx, target: Target, c: InboundChange): Promise<boolean> {
  const body = c.body!;
  if (!EDITABLE.has(target.type)) return false;
  if (target.editedAt && target.editedAt.getTime() >= c.sentAt.getTime()) return false;
  if (body === target.body) return false;
  const originalBody = target.originalBody ?? target.body;
  await w.tx.message.update({
    where: { id: target.id },
    data: { body, originalBody, editedAt: c.sentAt, updatedSeq: await w.nextSeq() },
  });
  Object.assign(target, { body, originalBody, editedAt: c.sentAt });
  w.touched(target.leadId);
  return true;
}

async function revoke(w: WorkspaceTx, target: Target, c: InboundChange): Promise<boolean> {
  await w.tx.message.update({ where: { id: target.id }, data: { deletedAt: c.sentAt, updatedSeq: await w.nextSeq() } });
  target.deletedAt = c.sentAt;
  w.touched(target.leadId);
  return true;
}

async function changed(w: WorkspaceTx, target: Target) {
  await w.tx.message.update({ where: { id: target.id }, data: { updatedSeq: await w.nextSeq() } });
  w.touched(target.leadId);
}

/**
 * After an ingest that stored its messages in one statement: that statement
 * attached the reactions already waiting for them, as of its snapshot, which
 * is taken before it waits for the workspace lock. A reaction committed while
 * it waited is attached here, under the lock, and its message marked changed
 * so messageUpdated carries it. A reaction committed after the ingest finds
 * its message itself. The common case (nothing waiting) costs one read.
 */
export async function adoptLateReactions(
  ctx: MessagingContext,
  sessionId: string,
  stored: Array<{ id: string; waMessageId: string; phone: string }>,
): Promise<void> {
  if (!stored.length) return;
  const workspaceId = workspaceOf(ctx.identity);
  const waiting = (reader: Pick<Tx, '$queryRaw'>) =>
    reader.$queryRaw<Array<{ id: string; targetWaMessageId: string; phone: string }>>`
      SELECT "id", "targetWaMessageId", "phone" FROM "MessageReaction"
      WHERE "workspaceId" = ${workspaceId}::uuid AND "messageId" IS NULL AND "sessionId" = ${sessionId}
        AND "targetWaMessageId" = ANY(${stored.map((m) => m.waMessageId)}::text[])`;
  const byWaId = new Map(stored.map((m) => [m.waMessageId, m]));
  const sameChat = (r: { targetWaMessageId: string; phone: string }) => byWaId.get(r.targetWaMessageId)?.phone === r.phone;
  if (!(await waiting(ctx.prisma)).some(sameChat)) return;
  await inWorkspace(ctx, async (w) => {
    const targets = new Set<string>();
    for (const r of (await waiting(w.tx)).filter(sameChat)) {
      const message = byWaId.get(r.targetWaMessageId)!;
      await w.tx.messageReaction.update({ where: { id: r.id }, data: { messageId: message.id } });
      targets.add(message.id);
    }
    for (const id of targets) {
      const target = await w.tx.message.update({ where: { id }, data: { updatedSeq: await w.nextSeq() }, select: { leadId: true } });
      w.touched(target.leadId);
    }
  });
}
