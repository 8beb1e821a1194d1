import { actorOf, parseInput, workspaceOf, zEmail, zName } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AssignmentContext } from '../context.ts';
import { inWorkspaceLock } from '../domain/assign.ts';
import { movedCount, redistributeOpenLeads } from '../domain/deactivation.ts';
import { hashPassword } from '../domain/secrets.ts';
import { isUuid } from '../domain/users.ts';
import { drainInLock, drainQueue, type PlacementContext } from '../domain/waiting-queue.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { PRODUCT_LINES, ProductLine, User, UserRole } from './user.ts';

export const zPassword = z.string().min(10, 'must have at least 10 characters').max(200);
const zCapacity = z.number().int().min(0, 'must be 0 or more').max(1000);
const zRole = z.enum(['ADMIN', 'MANAGER', 'CONSULTANT']);
const zProductLines = z
  .array(z.enum(PRODUCT_LINES))
  .min(1, 'must name at least one product line')
  .transform((lines) => [...new Set(lines)]);

const placementOf = (ctx: AssignmentContext): PlacementContext => ({ actor: actorOf(ctx.identity), slaWindowMs: ctx.slaWindowMs });

const createUserSchema = z.object({
  name: zName,
  email: zEmail,
  password: zPassword,
  role: zRole,
  capacity: zCapacity.nullish(),
  productLines: zProductLines.nullish(),
});

const updateUserSchema = z.object({
  name: zName.nullish(),
  role: zRole.nullish(),
  active: z.boolean().nullish(),
  capacity: zCapacity.nullish(),
  productLines: zProductLines.nullish(),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true, description: 'At least 10 characters' }),
    role: t.field({ type: UserRole, required: true }),
    capacity: t.int({ description: 'Defaults to 20' }),
    productLines: t.field({ type: [ProductLine], description: 'Defaults to every line' }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    name: t.string(),
    role: t.field({ type: UserRole }),
    active: t.boolean(),
    capacity: t.int(),
    productLines: t.field({ type: [ProductLine] }),
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
      let user;
      try {
        user = await ctx.prisma.user.create({
          ...query,
          data: {
            workspaceId,
            name: input.name,
            email: input.email,
            passwordHash,
            role: input.role,
            capacity: input.capacity ?? 20,
            productLines: input.productLines ?? undefined,
          },
        });
      } catch (err) {
        // Two admins racing for one email: the unique index decides.
        if ((err as { code?: string }).code === 'P2002') fail(AssignmentErrorCode.EMAIL_TAKEN, 'input.email: already has an account in this workspace', { field: 'input.email' });
        throw err;
      }
      // A new consultant is online at once: waiting leads go to them.
      if (user.role === 'CONSULTANT' && (await drainInLock(ctx.prisma, workspaceId, placementOf(ctx))).length) ctx.announce(workspaceId);
      return user;
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
      // Under the assignment lock: more capacity, a new line or a reactivated
      // consultant takes waiting leads in the same transaction, and a
      // deactivated user's open leads go to others in the same transaction.
      const { user, changed } = await inWorkspaceLock(ctx.prisma, workspaceId, async (tx) => {
        const user = isUuid(id) ? await tx.user.findFirst({ where: { id, workspaceId } }) : null;
        if (!user) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'id' });
        const stopsBeingAdmin = user.role === 'ADMIN' && user.active && ((input.role && input.role !== 'ADMIN') || input.active === false);
        if (stopsBeingAdmin) {
          // Lock the workspace's admins so two demotions cannot both pass the check.
          await tx.$queryRaw`SELECT "id" FROM "User" WHERE "workspaceId" = ${workspaceId}::uuid AND "role" = 'ADMIN' FOR UPDATE`;
          const admins = await tx.user.count({ where: { workspaceId, role: 'ADMIN', active: true } });
          if (admins <= 1) fail(AssignmentErrorCode.LAST_ADMIN, 'A workspace needs at least one active admin');
        }
        const updated = await tx.user.update({
          ...query,
          where: { id },
          data: {
            name: input.name ?? undefined,
            role: input.role ?? undefined,
            active: input.active ?? undefined,
            capacity: input.capacity ?? undefined,
            productLines: input.productLines ?? undefined,
          },
        });
        const mayTakeMore = input.role != null || input.active != null || input.capacity != null || input.productLines != null;
        const drained = mayTakeMore ? await drainQueue(tx, workspaceId, placementOf(ctx)) : [];
        // After the drain: leads that were already waiting stay ahead of these.
        const moved = input.active === false ? await redistributeOpenLeads(tx, workspaceId, id, placementOf(ctx)) : null;
        return { user: updated, changed: drained.length > 0 || (moved !== null && movedCount(moved) > 0) };
      });
      if (changed) ctx.announce(workspaceId);
      return user;
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
      if (!isUuid(id)) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'userId' });
      const workspaceId = ctx.identity.workspaceId;
      // Coming online takes the oldest waiting leads this user serves, under the same lock as every assignment.
      const { user, drained } = await inWorkspaceLock(ctx.prisma, workspaceId, async (tx) => {
        const [user] = await tx.user.updateManyAndReturn({ where: { id, workspaceId }, data: { available: args.available } });
        if (!user) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'userId' });
        return { user, drained: args.available ? await drainQueue(tx, workspaceId, placementOf(ctx)) : [] };
      });
      if (drained.length) ctx.announce(workspaceId);
      return user;
    },
  }),
}));
