import { parseInput, workspaceOf, zEmail, zName } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { hashPassword } from '../domain/secrets.ts';
import { isUuid } from '../domain/users.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { User, UserRole } from './user.ts';

export const zPassword = z.string().min(10, 'must have at least 10 characters').max(200);
const zCapacity = z.number().int().min(0, 'must be 0 or more').max(1000);
const zRole = z.enum(['ADMIN', 'MANAGER', 'CONSULTANT']);

const createUserSchema = z.object({
  name: zName,
  email: zEmail,
  password: zPassword,
  role: zRole,
  capacity: zCapacity.nullish(),
});

const updateUserSchema = z.object({
  name: zName.nullish(),
  role: zRole.nullish(),
  active: z.boolean().nullish(),
  capacity: zCapacity.nullish(),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true, description: 'At least 10 characters' }),
    role: t.field({ type: UserRole, required: true }),
    capacity: t.int({ description: 'Defaults to 20' }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    name: t.string(),
    role: t.field({ type: UserRole }),
    active: t.boolean(),
    capacity: t.int(),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: User,
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(createUserSchema, args.input);
      const workspaceId = workspaceOf(ctx.identity);
      // Only this workspace's accounts: an address used elsewhere is no answer to give.
      if (await ctx.prisma.user.findUnique({ where: { workspaceId_email: { workspaceId, email: input.email } }, select: { id: true } })) {
        fail(AssignmentErrorCode.EMAIL_TAKEN, 'input.email: already has an account in this workspace', { field: 'input.email' });
      }
      const passwordHash = await hashPassword(input.password);
      try {
        return await ctx.prisma.user.create({
          ...query,
          data: { workspaceId, name: input.name, email: input.email, passwordHash, role: input.role, capacity: input.capacity ?? 20 },
        });
      } catch (err) {
        // Two admins racing for one email: the unique index decides.
        if ((err as { code?: string }).code === 'P2002') fail(AssignmentErrorCode.EMAIL_TAKEN, 'input.email: already has an account in this workspace', { field: 'input.email' });
        throw err;
      }
    },
  }),
  updateUser: t.prismaField({
    type: User,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(updateUserSchema, args.input);
      const workspaceId = workspaceOf(ctx.identity);
      const id = String(args.id);
      return ctx.prisma.$transaction(async (tx) => {
        const user = isUuid(id) ? await tx.user.findFirst({ where: { id, workspaceId } }) : null;
        if (!user) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'id' });
        const stopsBeingAdmin = user.role === 'ADMIN' && user.active && ((input.role && input.role !== 'ADMIN') || input.active === false);
        if (stopsBeingAdmin) {
          // Lock the workspace's admins so two demotions cannot both pass the check.
          await tx.$queryRaw`SELECT "id" FROM "User" WHERE "workspaceId" = ${workspaceId}::uuid AND "role" = 'ADMIN' FOR UPDATE`;
          const admins = await tx.user.count({ where: { workspaceId, role: 'ADMIN', active: true } });
          if (admins <= 1) fail(AssignmentErrorCode.LAST_ADMIN, 'A workspace needs at least one active admin');
        }
        return tx.user.update({
          ...query,
          where: { id },
          data: {
            name: input.name ?? undefined,
            role: input.role ?? undefined,
            active: input.active ?? undefined,
            capacity: input.capacity ?? undefined,
          },
        });
      });
    },
  }),
  // Consultants switch themselves on and off; managers and admins may switch anyone.
  setAvailability: t.prismaField({
    type: User,
    authScopes: { user: true },
    args: { available: t.arg.boolean({ required: true }), userId: t.arg.id() },
    resolve: async (query, _root, args, ctx) => {
      if (ctx.identity.kind !== 'user') return fail(AssignmentErrorCode.NOT_MANAGER, 'Only users have availability');
      const id = args.userId ? String(args.userId) : ctx.identity.userId;
      if (id !== ctx.identity.userId && ctx.identity.role === 'CONSULTANT') {
        fail(AssignmentErrorCode.NOT_MANAGER, 'Only managers and admins set other users’ availability', { field: 'userId' });
      }
      const updated = isUuid(id)
        ? await ctx.prisma.user.updateManyAndReturn({
            where: { id, workspaceId: ctx.identity.workspaceId },
            data: { available: args.available },
          })
        : [];
      return updated[0] ?? fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'userId' });
    },
  }),
}));
