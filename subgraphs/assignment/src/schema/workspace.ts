import { parseInput, workspaceOf, zEmail, zName } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { provisionWorkspace } from '../domain/provision.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { zPassword } from './user-mutations.ts';

export const Workspace = builder.prismaObject('Workspace', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const NewAdminInput = builder.inputType('NewAdminInput', {
  fields: (t) => ({ name: t.string({ required: true }), email: t.string({ required: true }), password: t.string({ required: true }) }),
});
const CreateWorkspaceInput = builder.inputType('CreateWorkspaceInput', {
  fields: (t) => ({ name: t.string({ required: true }), admin: t.field({ type: NewAdminInput, required: true }) }),
});

const createWorkspaceSchema = z.object({
  name: zName,
  admin: z.object({ name: zName, email: zEmail, password: zPassword }),
});

builder.queryFields((t) => ({
  workspace: t.prismaField({
    type: Workspace,
    authScopes: { workspace: true },
    resolve: async (query, _root, _args, ctx) =>
      (await ctx.prisma.workspace.findUnique({ ...query, where: { id: workspaceOf(ctx.identity) } })) ??
      fail(AssignmentErrorCode.WORKSPACE_NOT_FOUND, 'This workspace no longer exists'),
  }),
}));

builder.mutationFields((t) => ({
  // Platform operators onboard tenants; a workspace admin is not one.
  createWorkspace: t.prismaField({
    type: Workspace,
    authScopes: { user: true },
    args: { input: t.arg({ type: CreateWorkspaceInput, required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const callerId = ctx.identity.kind === 'user' ? ctx.identity.userId : null;
      const caller = callerId ? await ctx.prisma.user.findUnique({ where: { id: callerId }, select: { isPlatformAdmin: true, active: true } }) : null;
      if (!caller?.isPlatformAdmin || !caller.active) fail(AssignmentErrorCode.NOT_PLATFORM_ADMIN, 'Only platform admins create workspaces');
      const input = parseInput(createWorkspaceSchema, args.input);
      const { workspace } = await provisionWorkspace(ctx.prisma, input);
      return workspace;
    },
  }),
}));
