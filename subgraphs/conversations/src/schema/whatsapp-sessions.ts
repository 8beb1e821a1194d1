import { parseInput, workspaceOf } from '@leadwire/platform';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { MAX_SESSIONS, reportSchema, reportSession, SESSION_ROLES, SESSION_STATUSES, sessionCursor } from '../domain/whatsapp-sessions.ts';

export const WhatsAppSessionRole = builder.enumType('WhatsAppSessionRole', {
  description: 'AGENT: the AI agent’s number, which qualifies leads. TEAM: the number consultants answer from.',
  values: SESSION_ROLES,
});
export const WhatsAppSessionStatus = builder.enumType('WhatsAppSessionStatus', { values: SESSION_STATUSES });

// Managers read these; the connector (a service key) writes them.
const managers = { manager: true } as const;

export const WhatsAppSession = builder.prismaObject('WhatsAppSession', {
  description: 'A WhatsApp number of the workspace, as the connector last reported it.',
  authScopes: { manager: true, service: true },
  fields: (t) => ({
    sessionId: t.exposeString('sessionId'),
    role: t.field({ type: WhatsAppSessionRole, resolve: (s) => s.role }),
    status: t.field({ type: WhatsAppSessionStatus, resolve: (s) => s.status }),
    qr: t.exposeString('qr', {
      nullable: true,
      description: 'While WAITING_FOR_PAIRING: show it as a QR code and scan it from WhatsApp, Linked devices.',
    }),
    pairingCode: t.exposeString('pairingCode', {
      nullable: true,
      description: 'While WAITING_FOR_PAIRING, when pairing by phone number: type it in WhatsApp, Linked devices.',
    }),
    lastError: t.exposeString('lastError', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, description: 'The paired number, E.164' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    cursor: t.string({
      description: 'Position in the workspace’s session changes; pass it as `after` to resume.',
      resolve: (s) => String(s.seq),
    }),
  }),
});

const ReportWhatsAppSessionInput = builder.inputType('ReportWhatsAppSessionInput', {
  fields: (t) => ({
    sessionId: t.string({ required: true, description: '1 to 40 lowercase letters, digits or dashes, e.g. "sales-1"' }),
    role: t.field({ type: WhatsAppSessionRole, required: true }),
    status: t.field({ type: WhatsAppSessionStatus, required: true }),
    qr: t.string({ description: 'Kept only while WAITING_FOR_PAIRING' }),
    pairingCode: t.string({ description: 'Kept only while WAITING_FOR_PAIRING' }),
    lastError: t.string(),
    phone: t.string({ description: 'E.164' }),
  }),
});

const cursorSchema = z.string().regex(/^\d{1,18}$/, 'is not a cursor').nullish();

builder.queryFields((t) => ({
  whatsappSessions: t.prismaField({
    type: [WhatsAppSession],
    description: 'The workspace’s WhatsApp sessions, by session id.',
    authScopes: managers,
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.whatsAppSession.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity) },
        orderBy: { sessionId: 'asc' },
        take: MAX_SESSIONS,
      }),
  }),
  whatsappSessionCursor: t.string({
    description: 'The newest session change cursor: subscribe or poll from here.',
    authScopes: managers,
    resolve: (_root, _args, ctx) => sessionCursor(ctx),
  }),
  whatsappSessionsSince: t.prismaField({
    type: [WhatsAppSession],
    description: 'Sessions changed after `after`, oldest change first, each as it is now.',
    authScopes: managers,
    args: { after: t.arg.string(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: (query, _root, args, ctx) => {
      const after = parseInput(cursorSchema, args.after, 'after');
      return ctx.prisma.whatsAppSession.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), seq: { gt: BigInt(after ?? '0') } },
        orderBy: { seq: 'asc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  reportWhatsAppSession: t.prismaField({
    type: WhatsAppSession,
    description: 'The connector reports a session’s state. Repeating the last report changes nothing.',
    authScopes: { service: true },
    args: { input: t.arg({ type: ReportWhatsAppSessionInput, required: true }) },
    resolve: (_query, _root, args, ctx) => reportSession(ctx, parseInput(reportSchema, args.input)),
  }),
}));

// Declared so that it is part of the composed schema clients are typed
// against; the router serves it over graphql-ws by replaying whatsappSessionsSince.
builder.subscriptionType({});
builder.subscriptionField('whatsappSessionUpdated', (t) =>
  t.field({
    type: WhatsAppSession,
    description: 'A session changed status, QR or pairing code. Pass `after` to resume from a cursor.',
    args: { after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (session) => session as never,
  }),
);
