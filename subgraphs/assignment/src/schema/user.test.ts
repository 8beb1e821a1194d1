import { randomUUID } from 'node:crypto';
import { sqlStatements } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { PASSWORD, test } from '../test/fixtures.ts';
import { createUser, createWorkspace, setAvailability, updateUser, userEntities, users, workspace } from '../test/operations.ts';

describe('users', () => {
  test('an admin creates a user with a lowercased email and an argon2id hash', async ({ subgraph, tenant }) => {
    const email = `New.Person-${randomUUID().slice(0, 8)}@Example.com`;
    const res = await tenant.admin.call(createUser({ name: 'New Person', email, password: PASSWORD, role: 'CONSULTANT', capacity: 5 }));
    expect(res.errors).toBeUndefined();
    expect(res.data.createUser).toMatchObject({ email: email.toLowerCase(), role: 'CONSULTANT', capacity: 5, openLeadCount: 0 });
    const row = await subgraph.prisma.user.findUniqueOrThrow({ where: { id: res.data.createUser.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const again = await tenant.admin.call(createUser({ name: 'Dup', email, password: PASSWORD, role: 'CONSULTANT' }));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
  });

  test.for([
    [{ email: 'not-an-email' }, 'input.email'],
    [{ password: 'short' }, 'input.password'],
    [{ name: '  ' }, 'input.name'],
    [{ capacity: -1 }, 'input.capacity'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and writes nothing', async ([patch, field], { subgraph, tenant }) => {
    const input = { name: 'X', email: `x-${randomUUID()}@example.com`, password: PASSWORD, role: 'CONSULTANT', ...patch };
    const res = await tenant.admin.call(createUser(input));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.prisma.user.count({ where: { workspaceId: tenant.id } })).toBe(3);
  });

  test('consultants list users but cannot manage them', async ({ tenant }) => {
    const consultant = tenant.consultants[0]!;
    const list = await consultant.call(users());
    expect(list.data.users.map((u: { name: string }) => u.name)).toEqual(['Ada Admin', 'Cleo Consultant', 'Mia Manager']);
    expect((await consultant.call(users('MANAGER'))).data.users).toHaveLength(1);
    const create = await consultant.call(createUser({ name: 'X', email: `x-${randomUUID()}@example.com`, password: PASSWORD, role: 'ADMIN' }));
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const promote = await consultant.call(updateUser(consultant.id, { role: 'ADMIN' }));
    expect(promote.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('the last active admin cannot be demoted', async ({ tenant }) => {
    const res = await tenant.admin.call(updateUser(tenant.admin.id, { role: 'MANAGER' }));
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const ok = await tenant.admin.call(updateUser(tenant.manager.id, { role: 'ADMIN', capacity: 3 }));
    expect(ok.data.updateUser).toMatchObject({ role: 'ADMIN', capacity: 3 });
  });

  test('consultants toggle their own availability; managers toggle anyone’s', async ({ tenant }) => {
    const consultant = tenant.consultants[0]!;
    expect((await consultant.call(setAvailability(false))).data.setAvailability.available).toBe(false);
    const other = await consultant.call(setAvailability(false, tenant.manager.id));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await tenant.manager.call(setAvailability(true, consultant.id))).data.setAvailability).toMatchObject({ id: consultant.id, available: true });
    const stranger = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
    const cross = await tenant.as(stranger)(setAvailability(false, consultant.id));
    expect(cross.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('_entities resolves a batch of users in one statement, and other workspaces’ users to null', async ({ tenant }) => {
    const extra = await tenant.addConsultants(20);
    const ids = [tenant.admin.id, ...extra.map((m) => m.id)];
    const before = sqlStatements.count;
    const res = await tenant.admin.call(userEntities(ids));
    expect(res.data._entities.map((u: { id: string }) => u.id)).toEqual(ids);
    // One for the users, one for their open-lead counts, whatever the batch size.
    expect(sqlStatements.count - before).toBeLessThanOrEqual(2);

    const stranger = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
    const cross = await tenant.as(stranger)(userEntities([tenant.admin.id, 'not-a-uuid']));
    expect(cross.data._entities).toEqual([null, null]);
  });
});

describe('workspaces', () => {
  test('only a platform admin creates workspaces, with its admin able to log in', async ({ subgraph, tenant }) => {
    const tag = randomUUID().slice(0, 8);
    const input = { name: `Imobiliária ${tag}`, admin: { name: 'Owner', email: `owner-${tag}@example.com`, password: PASSWORD } };
    const refused = await tenant.admin.call(createWorkspace(input));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await subgraph.prisma.user.count({ where: { email: input.admin.email } })).toBe(0);

    await subgraph.prisma.user.update({ where: { id: tenant.admin.id }, data: { isPlatformAdmin: true } });
    const bad = await tenant.admin.call(createWorkspace({ ...input, admin: { ...input.admin, email: 'nope' } }));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.admin.email' });
    const made = await tenant.admin.call(createWorkspace(input));
    expect(made.data.createWorkspace).toMatchObject({ name: input.name, slug: `imobiliaria-${tag}` });
    const owner = await subgraph.prisma.user.findFirstOrThrow({ where: { email: input.admin.email } });
    expect(owner).toMatchObject({ workspaceId: made.data.createWorkspace.id, role: 'ADMIN', isPlatformAdmin: false });

    const mine = await tenant.consultants[0]!.call(workspace());
    expect(mine.data.workspace.id).toBe(tenant.id);
  });
});
