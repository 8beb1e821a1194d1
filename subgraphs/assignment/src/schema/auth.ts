import { issueSessionToken, parseInput, zEmail } from '@leadwire/platform';
import { z } from 'zod';
import type { User as UserRow } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { verifyPassword } from '../domain/secrets.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { User } from './user.ts';

const AuthPayload = builder.objectRef<{ token: string; user: UserRow }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Session token: send it as `Authorization: Bearer <token>`' }),
    // The caller's own account: readable without users:read, also by the anonymous caller who just logged in.
    user: t.field({ type: User, grantScopes: ['self'], resolve: (p) => p.user }),
  }),
});

// Slugs as provisioning makes them (slugify, plus a random suffix on a clash).
const zWorkspaceSlug = z.string().trim().toLowerCase().max(60).regex(/^[a-z0-9-]*$/, 'is not a workspace slug').nullish();

// One address may have accounts in several workspaces. Without `workspace`,
// the password is tried on each active one, so this bounds a login's argon2
// work; whoever has more accounts than this names the workspace.
const MAX_ACCOUNTS_PER_LOGIN = 10;

builder.mutationFields((t) => ({
  // Open to anonymous callers; the router rate-limits it.
  login: t.field({
    type: AuthPayload,
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      workspace: t.arg.string({ description: 'The workspace slug; needed only when the password opens accounts in several workspaces' }),
    },
    resolve: async (_root, args, ctx) => {
      const email = parseInput(zEmail, args.email, 'email');
      // An empty field from a login form means no workspace given.
      const slug = parseInput(zWorkspaceSlug, args.workspace, 'workspace') || null;
      const password = args.password.slice(0, 1024);
      const accounts = await ctx.prisma.user.findMany({
        where: { email, active: true, ...(slug ? { workspace: { slug } } : {}) },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: MAX_ACCOUNTS_PER_LOGIN,
      });
      // Always verify something, so that an unknown email costs a wrong password's time.
      const checks = accounts.length
        ? await Promise.all(accounts.map((a) => verifyPassword(a.passwordHash, password)))
        : [await verifyPassword(null, password)];
      const matches = accounts.filter((_, i) => checks[i]);
      if (!matches.length) return fail(AssignmentErrorCode.INVALID_CREDENTIALS, 'Invalid email or password');
      // Only someone who knows the password learns that there are several; which ones is never said.
      if (matches.length > 1) {
        return fail(AssignmentErrorCode.WORKSPACE_REQUIRED, 'workspace: this login opens several workspaces; say which one', { field: 'workspace' });
      }
      const user = matches[0]!;
      const token = await issueSessionToken(ctx.jwtSecret, { id: user.id, workspaceId: user.workspaceId, role: user.role });
      return { token, user };
    },
  }),
}));
