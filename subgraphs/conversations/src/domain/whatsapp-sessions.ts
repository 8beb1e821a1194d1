import { channels, wake, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import type { ConversationsContext } from '../context.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';
import type { Prisma, WhatsAppSession } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Also names the session's auth state, so it is checked wherever a session id comes in. */
export const sessionIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1 to 40 lowercase letters, digits or dashes');

export const SESSION_ROLES = ['AGENT', 'TEAM'] as const;
export const SESSION_STATUSES = [
  'STARTING',
  'WAITING_FOR_PAIRING',
  'CONNECTING',
  'CONNECTED',
  'RECONNECTING',
  'LOGGED_OUT',
  'REPLACED',
  'STOPPED',
] as const;

// A service key must not be able to grow a workspace's list without bound.
export const MAX_SESSIONS = 20;

export const reportSchema = z.object({
  sessionId: sessionIdSchema,
  role: z.enum(SESSION_ROLES),
  status: z.enum(SESSION_STATUSES),
  qr: z.string().min(1).max(1024).nullish(),
  // Baileys' codes are 8 Crockford base-32 characters, sometimes shown as XXXX-XXXX.
  pairingCode: z.string().regex(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/, 'is not a pairing code').nullish(),
  lastError: z.string().trim().max(500).nullish(),
  phone: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be E.164').nullish(),
});

export type SessionReport = z.infer<typeof reportSchema>;

/** Takes the workspace's sequence row lock; held until commit, so seq order is commit order. */
async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "WhatsAppSessionSequence" ("workspaceId", "seq") VALUES (${workspaceId}::uuid, 0)
    ON CONFLICT ("workspaceId") DO UPDATE SET "seq" = "WhatsAppSessionSequence"."seq"`;
}

async function nextSeq(tx: Tx, workspaceId: string): Promise<bigint> {
  const rows = await tx.$queryRaw<Array<{ seq: bigint }>>`
    UPDATE "WhatsAppSessionSequence" SET "seq" = "seq" + 1 WHERE "workspaceId" = ${workspaceId}::uuid RETURNING "seq"`;
  return rows[0]!.seq;
}

const FIELDS = ['role', 'status', 'qr', 'pairingCode', 'lastError', 'phone'] as const;

/**
 * Upserts what the connector says about one session and, when anything
 * changed, gives it the next seq and wakes the router's subscribers after
 * commit. A repeated report changes nothing and wakes nobody.
 */
export async function reportSession(ctx: ConversationsContext, input: SessionReport): Promise<WhatsAppSession> {
  const workspaceId = workspaceOf(ctx.identity);
  // A QR or code outliving the pairing window would only be something to leak.
  const pairing = input.status === 'WAITING_FOR_PAIRING';
  const data = {
    role: input.role,
    status: input.status,
    qr: pairing ? (input.qr ?? null) : null,
    pairingCode: pairing ? (input.pairingCode ?? null) : null,
    lastError: input.lastError || null,
    phone: input.phone ?? null,
  };
  const where = { workspaceId_sessionId: { workspaceId, sessionId: input.sessionId } };
  let seq: bigint | null = null;
  const row = await ctx.prisma.$transaction(
    async (tx) => {
      await lockWorkspace(tx, workspaceId);
      const current = await tx.whatsAppSession.findUnique({ where });
      if (current && FIELDS.every((f) => current[f] === data[f])) return current;
      if (!current && (await tx.whatsAppSession.count({ where: { workspaceId } })) >= MAX_SESSIONS) {
        fail(ConversationsErrorCode.WHATSAPP_SESSION_LIMIT, `A workspace has at most ${MAX_SESSIONS} WhatsApp sessions`, {
          field: 'input.sessionId',
        });
      }
      seq = await nextSeq(tx, workspaceId);
      return tx.whatsAppSession.upsert({
        where,
        create: { workspaceId, sessionId: input.sessionId, ...data, seq },
        update: { ...data, seq },
      });
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
  if (seq !== null) {
    await wake(ctx.pubsub, channels.whatsappSessions(workspaceId), { workspaceId, cursor: String(seq) }, (err) =>
      ctx.log.warn({ err }, 'whatsapp session wake-up not published; subscribers catch up on their next poll'),
    );
  }
  return row;
}

/** The newest seq of the workspace's session changes ("0" before the first). */
export async function sessionCursor(ctx: ConversationsContext): Promise<string> {
  const row = await ctx.prisma.whatsAppSessionSequence.findUnique({ where: { workspaceId: workspaceOf(ctx.identity) } });
  return String(row?.seq ?? 0n);
}
