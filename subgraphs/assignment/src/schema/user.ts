import { workspaceOf } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { isUuid, openLeadCountLoader, userLoader } from '../domain/users.ts';

export const UserRole = builder.enumType('UserRole', { values: ['ADMIN', 'MANAGER', 'CONSULTANT'] as const });
export const PRODUCT_LINES = ['REAL_ESTATE', 'VEHICLE'] as const;
export const ProductLine = builder.enumType('ProductLine', { values: PRODUCT_LINES });

// Who holds a lead is part of the lead: lead readers see an assignee's id and
// name. Everything else about a user needs users:read on every path (a lead's
// assignee, an assignment), except on the caller's own user, which `me` and
// `login` grant as 'self' (an anonymous caller receives it from login).
const namedBy = { scope: 'leads:read', $granted: 'self', $any: { scope: 'users:read' } } as const;

export const User = builder.prismaObject('User', {
  authScopes: { scope: 'users:read', $granted: 'self' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true, authScopes: namedBy }),
    name: t.exposeString('name', { skipTypeScopes: true, authScopes: namedBy }),
    email: t.exposeString('email'),
    role: t.field({ type: UserRole, resolve: (u) => u.role }),
    active: t.exposeBoolean('active'),
    available: t.exposeBoolean('available', { description: 'Takes new leads from round-robin' }),
    capacity: t.exposeInt('capacity', { description: 'Most open leads held at once before distribution skips this user' }),
    productLines: t.field({
      type: [ProductLine],
      description: 'The product lines whose leads distribution gives this user',
      resolve: (u) => u.productLines,
    }),
    openLeadCount: t.int({
      description: 'Leads this user holds now that are not WON or LOST: what capacity is measured against',
      resolve: (u, _, ctx) => openLeadCountLoader(ctx).load(u.id) as Promise<number>,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

// Other subgraphs show assignees by id; a reference from another workspace resolves to null.
builder.asEntity(User, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => userLoader(ctx).load(ref.id) as any,
});

builder.queryFields((t) => ({
  // Consultants list users too: the UI shows colleagues' names.
  users: t.prismaField({
    type: [User],
    authScopes: { scope: 'users:read' },
    args: { role: t.arg({ type: UserRole }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.user.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), role: args.role ?? undefined },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
  }),
  user: t.prismaField({
    type: User,
    nullable: true,
    authScopes: { scope: 'users:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => (isUuid(String(args.id)) ? (userLoader(ctx).load(String(args.id)) as any) : null),
  }),
  me: t.prismaField({
    type: User,
    nullable: true,
    authScopes: { user: true },
    grantScopes: ['self'],
    resolve: (_query, _root, _args, ctx) => (ctx.identity.kind === 'user' ? (userLoader(ctx).load(ctx.identity.userId) as any) : null),
  }),
}));
