import { parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { sessionIdSchema } from '../domain/whatsapp-sessions.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';

// Baileys' session keys and credentials, stored for the connector. Values are
// ciphertext the connector made; nobody else may read or write them.
const connector = { service: true } as const;

const MAX_ENTRIES = 1000;
// Baileys keeps app-state sync versions as one value that grows with the phone's
// contacts and chats; 512 KB leaves room under the router's 1 MB body limit.
const MAX_VALUE = 512 * 1024;

// `creds`, or `<kind>:<id>` such as `pre-key:12`.
const keySchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}(:[!-~]{1,200})?$/, 'is not an auth state key');
const valueSchema = z
  .string()
  .max(MAX_VALUE, `must be at most ${MAX_VALUE} characters`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 ciphertext');

const readSchema = z.object({
  sessionId: sessionIdSchema,
  keys: z.array(keySchema).max(MAX_ENTRIES, `at most ${MAX_ENTRIES} keys`),
});
const writeSchema = z.object({
  sessionId: sessionIdSchema,
  entries: z
    .array(z.object({ key: keySchema, value: valueSchema.nullish() }))
    .max(MAX_ENTRIES, `at most ${MAX_ENTRIES} entries`),
});

export const WhatsAppAuthEntry = builder.prismaObject('WhatsAppAuthEntry', {
  authScopes: connector,
  fields: (t) => ({
    key: t.exposeString('key'),
    value: t.exposeString('value', { description: 'Ciphertext, as the connector wrote it' }),
  }),
});

const WhatsAppAuthEntryInput = builder.inputType('WhatsAppAuthEntryInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ description: 'Null deletes the entry' }),
  }),
});

builder.queryFields((t) => ({
  whatsappAuthEntries: t.prismaField({
    type: [WhatsAppAuthEntry],
    description: 'The stored entries among `keys`; absent keys are left out.',
    authScopes: connector,
    args: { sessionId: t.arg.string({ required: true }), keys: t.arg.stringList({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { sessionId, keys } = parseInput(readSchema, args, '');
      if (!keys.length) return [];
      return ctx.prisma.whatsAppAuthEntry.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), sessionId, key: { in: keys } },
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  writeWhatsAppAuthEntries: t.int({
    description: 'Upserts and deletes (null value) entries in one transaction; returns how many were given.',
    authScopes: connector,
    args: {
      sessionId: t.arg.string({ required: true }),
      entries: t.arg({ type: [WhatsAppAuthEntryInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { sessionId, entries } = parseInput(writeSchema, args, '');
      const seen = new Set<string>();
      entries.forEach(({ key }, i) => {
        if (seen.has(key)) fail(ConversationsErrorCode.WHATSAPP_AUTH_KEY_REPEATED, 'A key appears twice', { field: `entries.${i}.key` });
        seen.add(key);
      });
      const workspaceId = workspaceOf(ctx.identity);
      // One order for every writer, so two overlapping batches cannot deadlock.
      const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const upserts = sorted.filter((e): e is { key: string; value: string } => e.value != null);
      const deletes = sorted.filter((e) => e.value == null).map((e) => e.key);
      await ctx.prisma.$transaction(async (tx) => {
        if (upserts.length) {
          await tx.$executeRaw`
            INSERT INTO "WhatsAppAuthEntry" ("workspaceId", "sessionId", "key", "value", "updatedAt")
            SELECT ${workspaceId}::uuid, ${sessionId}, e.key, e.value, now()
            FROM unnest(${upserts.map((e) => e.key)}::text[], ${upserts.map((e) => e.value)}::text[]) AS e(key, value)
            ON CONFLICT ("workspaceId", "sessionId", "key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now()`;
        }
        if (deletes.length) await tx.whatsAppAuthEntry.deleteMany({ where: { workspaceId, sessionId, key: { in: deletes } } });
      });
      return entries.length;
    },
  }),
  clearWhatsAppAuthState: t.int({
    description: 'Deletes every entry of the session (after a logout, or a session WhatsApp no longer accepts); returns how many.',
    authScopes: connector,
    args: { sessionId: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const sessionId = parseInput(sessionIdSchema, args.sessionId, 'sessionId');
      const { count } = await ctx.prisma.whatsAppAuthEntry.deleteMany({ where: { workspaceId: workspaceOf(ctx.identity), sessionId } });
      return count;
    },
  }),
}));
