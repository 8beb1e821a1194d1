import { issueSessionToken, parseInput, zEmail } from '@leadwire/platform';
import type { User as UserRow } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { verifyPassword } from '../domain/secrets.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { User } from './user.ts';

const AuthPayload = builder.objectRef<{ token: string; user: UserRow }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Session token: send it as `Authorization: Bearer <token>`' }),
    user: t.field({ type: User, resolve: (p) => p.user }),
  }),
});

builder.mutationFields((t) => ({
  // Open to anonymous callers; the router rate-limits it.
  login: t.field({
    type: AuthPayload,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const email = parseInput(zEmail, args.email, 'email');
      const user = await ctx.prisma.user.findUnique({ where: { email } });
      // Always verify something, so that an unknown email costs a wrong password's time.
      const ok = await verifyPassword(user?.passwordHash ?? null, args.password.slice(0, 1024));
      if (!user || !ok || !user.active) return fail(AssignmentErrorCode.INVALID_CREDENTIALS, 'Invalid email or password');
      const token = await issueSessionToken(ctx.jwtSecret, { id: user.id, workspaceId: user.workspaceId, role: user.role });
      return { token, user };
    },
  }),
}));
