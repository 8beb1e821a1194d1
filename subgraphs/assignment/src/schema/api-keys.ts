import { API_SCOPES, parseInput, workspaceOf, zName } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AssignmentContext } from '../context.ts';
import type { ApiKey as ApiKeyRow } from '../generated/prisma/client.ts';
import { displayPrefix, generateSecret, hashSecret, type SecretKind } from '../domain/secrets.ts';
import { isUuid } from '../domain/users.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';

export const CredentialKind = builder.enumType('CredentialKind', { values: ['API_KEY', 'PUBLISHABLE', 'SERVICE'] as const });

// GraphQL names on the wire, platform scope strings inside.
export const ApiScope = builder.enumType('ApiScope', {
  values: {
    LEADS_READ: { value: 'leads:read' },
    LEADS_WRITE: { value: 'leads:write' },
    MESSAGES_READ: { value: 'messages:read' },
    MESSAGES_WRITE: { value: 'messages:write' },
    CONVERSATIONS_READ: { value: 'conversations:read' },
    USERS_READ: { value: 'users:read' },
  } as const,
});

// The hash stays inside: it serves only the router's credential lookup.
export const ApiKey = builder.prismaObject('ApiKey', {
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: CredentialKind, resolve: (k) => k.kind }),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret' }),
    scopes: t.field({ type: [ApiScope], resolve: (k) => k.scopes as Array<(typeof API_SCOPES)[number]> }),
    allowedOrigins: t.exposeStringList('allowedOrigins'),
    createdById: t.exposeID('createdById', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<{ apiKey: ApiKeyRow; secret: string }>('CreatedApiKey').implement({
  description: 'The secret is shown here once and can never be read again',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKey, resolve: (c) => c.apiKey }),
    secret: t.exposeString('secret'),
  }),
});

const zOrigin = z.string().trim().max(200).transform((value, ctx) => {
  try {
    const url = new URL(value);
    const bare = value.replace(/\/$/, '');
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === bare.toLowerCase()) return url.origin;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be an origin like https://example.com' });
  return z.NEVER;
});

const apiKeySchema = z.object({
  name: zName,
  scopes: z.array(z.enum(API_SCOPES)).min(1, 'needs at least one scope').transform((s) => [...new Set(s)]),
});
const publishableKeySchema = z.object({
  name: zName,
  allowedOrigins: z.array(zOrigin).min(1, 'needs at least one origin').max(20, 'at most 20 origins').transform((o) => [...new Set(o)]),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({ name: t.string({ required: true }), scopes: t.field({ type: [ApiScope], required: true }) }),
});
const CreatePublishableKeyInput = builder.inputType('CreatePublishableKeyInput', {
  fields: (t) => ({ name: t.string({ required: true }), allowedOrigins: t.stringList({ required: true }) }),
});

async function createKey(
  ctx: AssignmentContext,
  kind: SecretKind,
  data: { name: string; scopes: string[]; allowedOrigins: string[] },
) {
  const secret = generateSecret(kind);
  const apiKey = await ctx.prisma.apiKey.create({
    data: {
      workspaceId: workspaceOf(ctx.identity),
      kind,
      name: data.name,
      prefix: displayPrefix(secret),
      hash: hashSecret(secret),
      scopes: data.scopes,
      allowedOrigins: data.allowedOrigins,
      createdById: ctx.identity.kind === 'user' ? ctx.identity.userId : null,
    },
  });
  return { apiKey, secret };
}

builder.queryFields((t) => ({
  apiKeys: t.prismaField({
    type: [ApiKey],
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.apiKey.findMany({ ...query, where: { workspaceId: workspaceOf(ctx.identity) }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const input = parseInput(apiKeySchema, args.input);
      return createKey(ctx, 'API_KEY', { name: input.name, scopes: input.scopes, allowedOrigins: [] });
    },
  }),
  createPublishableKey: t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreatePublishableKeyInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const input = parseInput(publishableKeySchema, args.input);
      return createKey(ctx, 'PUBLISHABLE', { name: input.name, scopes: [], allowedOrigins: input.allowedOrigins });
    },
  }),
  revokeApiKey: t.prismaField({
    type: ApiKey,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = String(args.id);
      const where = { id, workspaceId: workspaceOf(ctx.identity) };
      const key = isUuid(id) ? await ctx.prisma.apiKey.findFirst({ where }) : null;
      if (!key) return fail(AssignmentErrorCode.API_KEY_NOT_FOUND, 'No such key', { field: 'id' });
      if (key.revokedAt) return key;
      return ctx.prisma.apiKey.update({ ...query, where: { id }, data: { revokedAt: new Date() } });
    },
  }),
}));
