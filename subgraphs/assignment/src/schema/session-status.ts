import { builder } from '../builder.ts';
import { isUuid } from '../domain/users.ts';
import { UserRole } from './user.ts';

interface SessionStatusShape {
  workspaceId: string;
  role: 'ADMIN' | 'MANAGER' | 'CONSULTANT';
  active: boolean;
}

const SessionStatus = builder.objectRef<SessionStatusShape>('SessionStatus').implement({
  directives: { inaccessible: {} },
  fields: (t) => ({
    workspaceId: t.exposeID('workspaceId'),
    role: t.field({ type: UserRole, resolve: (s) => s.role }),
    active: t.exposeBoolean('active'),
  }),
});

builder.queryFields((t) => ({
  // The router checks signed-in users here (and caches the answer briefly), so
  // deactivating someone or changing their role applies to sessions already
  // open, not only to the next login. No client may call it.
  sessionStatus: t.field({
    // Hidden from the client API: only the router calls it, straight at this subgraph.
    inaccessible: true,
    type: SessionStatus,
    nullable: true,
    authScopes: { system: true },
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.userId);
      if (!isUuid(id)) return null;
      return ctx.prisma.user.findUnique({ where: { id }, select: { workspaceId: true, role: true, active: true } });
    },
  }),
}));
