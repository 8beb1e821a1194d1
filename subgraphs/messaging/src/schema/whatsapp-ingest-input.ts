import { zPhone } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { MAX_BODY } from '../domain/templates.ts';
import { MessageType } from './message.ts';

const KINDS = ['MESSAGE', 'REACTION', 'EDIT', 'REVOKE'] as const;

export const WhatsAppInboundKind = builder.enumType('WhatsAppInboundKind', {
  description: 'What a WhatsApp event reported to ingestWhatsAppMessages is',
  values: {
    MESSAGE: { description: 'A message of the thread' },
    REACTION: { description: 'An emoji on `targetWaMessageId`; an empty one takes the sender’s reaction back' },
    EDIT: { description: 'The sender changed the text (or caption) of `targetWaMessageId` to `body`' },
    REVOKE: { description: 'The sender deleted `targetWaMessageId` for everyone' },
  },
});

export const WhatsAppInboundInput = builder.inputType('WhatsAppInboundInput', {
  fields: (t) => ({
    kind: t.field({ type: WhatsAppInboundKind, defaultValue: 'MESSAGE' }),
    waMessageId: t.string({ required: true, description: 'The WhatsApp id of the message (for a reaction, edit or deletion: of the message carrying it)' }),
    remoteJid: t.string({ required: true, description: 'The chat, e.g. 5511987654321@s.whatsapp.net, or 208317429321838@lid' }),
    fromMe: t.boolean({ required: true, description: 'Sent from the business phone itself: recorded as outbound' }),
    phone: t.string({ required: true, description: 'The lead’s number, E.164 (resolved by the connector when the chat is a LID)' }),
    pushName: t.string(),
    type: t.field({ type: MessageType, description: 'Required for MESSAGE' }),
    body: t.string({ description: 'The text or caption; for EDIT, the new one' }),
    mediaMime: t.string(),
    mediaPath: t.string({ description: 'The stored file, `<sha256>.<ext>`, in the media directory the router serves' }),
    mediaSize: t.int(),
    mediaFileName: t.string(),
    sentAt: t.field({ type: 'DateTime', required: true, description: 'WhatsApp’s time of the message, reaction, edit or deletion' }),
    targetWaMessageId: t.string({ description: 'The message a REACTION, EDIT or REVOKE is about' }),
    emoji: t.string({ description: 'REACTION: the emoji; empty or null when the reaction was taken back' }),
  }),
});

export const IngestWhatsAppInput = builder.inputType('IngestWhatsAppInput', {
  fields: (t) => ({
    sessionId: t.string({ required: true }),
    messages: t.field({ type: [WhatsAppInboundInput], required: true }),
  }),
});

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  applied: number;
  ignored: number;
}

export const IngestWhatsAppPayload = builder.objectRef<IngestOutcome>('IngestWhatsAppPayload').implement({
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Messages stored by this call' }),
    duplicates: t.exposeInt('duplicates', { description: 'Messages already stored (redeliveries, replays): nothing was written for them' }),
    applied: t.exposeInt('applied', {
      description: 'Reactions, edits and deletions recorded by this call (a reaction to a message not ingested yet is kept for it)',
    }),
    ignored: t.exposeInt('ignored', {
      description:
        'Reactions, edits and deletions that changed nothing: replays, older than what is recorded, about a message not in this workspace, or not from its sender',
    }),
  }),
});

// A person (`<digits>@s.whatsapp.net`) or a privacy id (`<digits>@lid`): Leadwire talks to leads one-to-one.
const JID = /^\d{5,20}@(s\.whatsapp\.net|lid)$/;
const waId = z.string().trim().min(1, 'is required').max(128);

export const ingestSchema = (region: string) =>
  z.object({
    sessionId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 lowercase letters, digits or dashes'),
    messages: z
      .array(
        z
          .object({
            kind: z.enum(KINDS).nullish().transform((k) => k ?? 'MESSAGE'),
            waMessageId: waId,
            remoteJid: z.string().regex(JID, 'is not a WhatsApp user JID'),
            fromMe: z.boolean(),
            phone: zPhone(region),
            pushName: z.string().trim().max(120).nullish(),
            type: z.enum(['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT', 'LOCATION']).nullish(),
            body: z.string().max(MAX_BODY, `must be at most ${MAX_BODY} characters`).nullish(),
            mediaMime: z.string().max(255).regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, 'is not a mime type').nullish(),
            // Content-addressed names only: nothing here can point outside the media directory.
            mediaPath: z.string().regex(/^[a-f0-9]{64}\.[a-z0-9]{1,8}$/, 'is not a stored media name').nullish(),
            mediaSize: z.number().int().min(0).max(64 * 1024 * 1024).nullish(),
            mediaFileName: z.string().trim().max(255).nullish(),
            sentAt: z.date(),
            targetWaMessageId: waId.nullish(),
            // An emoji is a few code points (a family with skin tones is the longest); no control characters.
            emoji: z
              .string()
              .trim()
              .max(32, 'must be at most 32 characters')
              .regex(/^[^\p{Cc}]*$/u, 'is not an emoji')
              .nullish(),
          })
          .superRefine((m, ctx) => {
            const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
            if (m.kind === 'MESSAGE') {
              if (!m.type) issue('type', 'is required for MESSAGE');
              if (m.type === 'TEXT' && !m.body?.trim()) issue('body', 'is required for TEXT');
              return;
            }
            if (!m.targetWaMessageId) issue('targetWaMessageId', `is required for ${m.kind}`);
            if (m.kind === 'EDIT' && !m.body?.trim()) issue('body', 'is required for EDIT');
          }),
      )
      .min(1, 'needs at least one message')
      .max(500, 'at most 500 messages per call'),
  });

export type Inbound = z.infer<ReturnType<typeof ingestSchema>>['messages'][number];
/** A message of the thread: `type` is set (the schema refuses one without). */
export type InboundMessageRow = Inbound & { kind: 'MESSAGE'; type: NonNullable<Inbound['type']> };
export type InboundChange = Inbound & { kind: 'REACTION' | 'EDIT' | 'REVOKE'; targetWaMessageId: string };
