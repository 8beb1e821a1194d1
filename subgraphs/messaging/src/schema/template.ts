import { byKey, parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { MessagingContext } from '../context.ts';
import { inWorkspace, type WorkspaceTx } from '../domain/message-log.ts';
import { MAX_BODY, variablesOf } from '../domain/templates.ts';
import { isUuid } from '../domain/visibility.ts';
import { fail, MessagingErrorCode } from '../errors.ts';

export const TemplateCategory = builder.enumType('TemplateCategory', {
  values: ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const,
});

export const Template = builder.prismaObject('Template', {
  authScopes: { scope: 'messages:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    category: t.expose('category', { type: TemplateCategory }),
    body: t.exposeString('body', { description: 'Text with {{variable}} placeholders' }),
    variables: t.exposeStringList('variables', { description: 'The placeholders the body uses, in order' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

function templateLoader(ctx: MessagingContext) {
  return ctx.loader('template', async (ids: readonly string[]) => {
    const rows = await ctx.prisma.template.findMany({
      where: { workspaceId: workspaceOf(ctx.identity), id: { in: ids.filter(isUuid) } },
    });
    return byKey(ids, rows, (r) => r.id);
  });
}

builder.asEntity(Template, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => (isUuid(ref.id) ? (templateLoader(ctx).load(ref.id) as any) : null),
});

const TemplateInput = builder.inputType('TemplateInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'lowercase letters, digits and underscores, as WhatsApp requires' }),
    category: t.field({ type: TemplateCategory, required: true }),
    body: t.string({ required: true }),
  }),
});

const templateSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters')
    .regex(/^[a-z0-9_]+$/, 'must use only lowercase letters, digits and underscores'),
  category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
  body: z.string().trim().min(1, 'is required').max(MAX_BODY, `must be at most ${MAX_BODY} characters`),
});

async function ensureNameFree(w: WorkspaceTx, name: string, exceptId?: string) {
  const taken = await w.tx.template.findFirst({ where: { workspaceId: w.workspaceId, name, NOT: exceptId ? { id: exceptId } : undefined } });
  if (taken) fail(MessagingErrorCode.TEMPLATE_NAME_TAKEN, 'input.name: a template with this name exists', { field: 'input.name' });
}

async function findTemplate(w: WorkspaceTx, id: string) {
  const found = isUuid(id) ? await w.tx.template.findFirst({ where: { id, workspaceId: w.workspaceId } }) : null;
  return found ?? fail(MessagingErrorCode.TEMPLATE_NOT_FOUND, 'No such template', { field: 'id' });
}

builder.queryFields((t) => ({
  templates: t.prismaField({
    type: [Template],
    authScopes: { scope: 'messages:read' },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.template.findMany({ ...query, where: { workspaceId: workspaceOf(ctx.identity) }, orderBy: { name: 'asc' } }),
  }),
}));

// Template administration is for managers and admins; names are checked under
// the workspace lock so two concurrent creates cannot both take one name.
builder.mutationFields((t) => ({
  createTemplate: t.prismaField({
    type: Template,
    authScopes: { manager: true },
    args: { input: t.arg({ type: TemplateInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(templateSchema, args.input);
      return inWorkspace(ctx, async (w) => {
        await ensureNameFree(w, input.name);
        return w.tx.template.create({
          ...query,
          data: { ...input, workspaceId: w.workspaceId, variables: variablesOf(input.body) },
        });
      });
    },
  }),
  updateTemplate: t.prismaField({
    type: Template,
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TemplateInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(templateSchema, args.input);
      return inWorkspace(ctx, async (w) => {
        const template = await findTemplate(w, String(args.id));
        await ensureNameFree(w, input.name, template.id);
        return w.tx.template.update({
          ...query,
          where: { id: template.id },
          data: { ...input, variables: variablesOf(input.body) },
        });
      });
    },
  }),
  deleteTemplate: t.boolean({
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      inWorkspace(ctx, async (w) => {
        const template = await findTemplate(w, String(args.id));
        await w.tx.template.delete({ where: { id: template.id } });
        return true;
      }),
  }),
}));
