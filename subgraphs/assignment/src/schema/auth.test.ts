import { randomUUID } from 'node:crypto';
import { verifySessionToken } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { env, PASSWORD, test } from '../test/fixtures.ts';
import { login, me, updateUser } from '../test/operations.ts';

const anonymous = { kind: 'anonymous' } as const;

describe('login', () => {
  test('returns a session token the router accepts, with the user’s role and workspace', async ({ tenant }) => {
    const res = await tenant.as(anonymous)(login(tenant.manager.email.toUpperCase(), PASSWORD));
    expect(res.errors).toBeUndefined();
    expect(res.data.login.user).toMatchObject({ id: tenant.manager.id, role: 'MANAGER' });
    const identity = await verifySessionToken(env.JWT_SECRET, res.data.login.token);
    expect(identity).toEqual({ kind: 'user', userId: tenant.manager.id, workspaceId: tenant.id, role: 'MANAGER' });
  });

  test('a wrong password, an unknown email and a deactivated user get the same error', async ({ tenant }) => {
    await tenant.admin.call(updateUser(tenant.consultants[0]!.id, { active: false }));
    const attempts = [
      login(tenant.manager.email, 'wrong password!'),
      login(`nobody-${randomUUID()}@example.com`, PASSWORD),
      login(tenant.consultants[0]!.email, PASSWORD),
    ];
    const errors = [];
    for (const op of attempts) {
      const res = await tenant.as(anonymous)(op);
      expect(res.data).toBeNull();
      errors.push({ message: res.errors?.[0]?.message, code: res.errors?.[0]?.extensions?.code });
    }
    expect(errors).toEqual(Array(3).fill({ message: 'Invalid email or password', code: 'UNAUTHENTICATED' }));
  });

  test('a malformed email is BAD_USER_INPUT on `email`', async ({ tenant }) => {
    const res = await tenant.as(anonymous)(login('not-an-email', PASSWORD));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  test('passwords are stored as argon2id hashes', async ({ subgraph, tenant }) => {
    const row = await subgraph.prisma.user.findUniqueOrThrow({ where: { id: tenant.admin.id } });
    expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  test('me answers for a user and refuses anonymous callers', async ({ tenant }) => {
    expect((await tenant.consultants[0]!.call(me())).data.me.id).toBe(tenant.consultants[0]!.id);
    const anon = await tenant.as(anonymous)(me());
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('refuses requests that do not carry the router signature', async ({ subgraph }) => {
    const unsigned = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, null, me());
    expect(unsigned.status).toBe(401);
  });
});
