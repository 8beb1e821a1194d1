import { describe, expect } from 'vitest';
import { bearer, ok, routerCaller, type Caller } from '../../test/client.ts';
import { createTenant, DEMO_ADMIN, TENANT_PASSWORD, test, type Tenant } from '../../test/fixtures.ts';
import { createUser, createWorkspace, login } from '../../test/operations.ts';

const OTHER_PASSWORD = 'another-horse-battery';

const loginTo = (email: string, password: string, workspace?: string) => ({
  query: 'mutation Login($email: String!, $password: String!, $workspace: String) { login(email: $email, password: $password, workspace: $workspace) { token user { id role } } }',
  variables: { email, password, workspace },
});
const whereAmI = { query: 'query { workspace { id slug } }', variables: {} };

async function slugOf(tenant: Tenant): Promise<string> {
  return (await ok(tenant.admin.call(whereAmI))).workspace.slug;
}

/** Logs in and answers which workspace and user the session belongs to. */
async function sessionOf(caller: Caller, op: ReturnType<typeof loginTo>, routerUrl: string) {
  const data = await ok(caller(op));
  const me = await ok(routerCaller(routerUrl, bearer(data.login.token))(whereAmI));
  return { userId: data.login.user.id as string, workspaceId: me.workspace.id as string };
}

describe('an email is unique per workspace, and says nothing about other workspaces', () => {
  test('an address used in another workspace is free here; a second use here is CONFLICT', async ({ platform, tenant }) => {
    const other = await createTenant(platform);
    const email = tenant.admin.email;
    const created = await other.admin.call(createUser({ name: 'Namesake', email, password: OTHER_PASSWORD, role: 'CONSULTANT' }));
    expect(created.errors).toBeUndefined();
    expect(created.data.createUser.role).toBe('CONSULTANT');

    const again = await other.admin.call(createUser({ name: 'Twice', email: email.toUpperCase(), password: OTHER_PASSWORD, role: 'CONSULTANT' }));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    const inOwn = await tenant.admin.call(createUser({ name: 'Twice', email, password: OTHER_PASSWORD, role: 'CONSULTANT' }));
    expect(inOwn.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });

    // Different passwords: each opens its own account, no workspace needed.
    const anonymous = routerCaller(platform.routerUrl);
    expect(await sessionOf(anonymous, loginTo(email, TENANT_PASSWORD), platform.routerUrl)).toEqual({
      userId: tenant.admin.id,
      workspaceId: tenant.workspaceId,
    });
    expect(await sessionOf(anonymous, loginTo(email, OTHER_PASSWORD), platform.routerUrl)).toEqual({
      userId: created.data.createUser.id,
      workspaceId: other.workspaceId,
    });
    const wrong = await anonymous(login(email, 'not-the-password'));
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('one password for two accounts: login asks for the workspace, and the slug picks one', async ({ platform, tenant }) => {
    const other = await createTenant(platform);
    const email = tenant.consultants[0]!.email;
    const twin = await ok(other.admin.call(createUser({ name: 'Twin', email, password: TENANT_PASSWORD, role: 'MANAGER' })));
    const anonymous = routerCaller(platform.routerUrl);
    const [mine, theirs] = [await slugOf(tenant), await slugOf(other)];

    const ambiguous = await anonymous(login(email, TENANT_PASSWORD));
    expect(ambiguous.data ?? null).toBeNull();
    expect(ambiguous.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workspace' });
    expect(JSON.stringify(ambiguous.errors)).not.toContain(mine);
    expect(JSON.stringify(ambiguous.errors)).not.toContain(theirs);

    expect(await sessionOf(anonymous, loginTo(email, TENANT_PASSWORD, theirs), platform.routerUrl)).toEqual({
      userId: twin.createUser.id,
      workspaceId: other.workspaceId,
    });
    expect(await sessionOf(anonymous, loginTo(email, TENANT_PASSWORD, mine), platform.routerUrl)).toEqual({
      userId: tenant.consultants[0]!.id,
      workspaceId: tenant.workspaceId,
    });
    // A workspace where the address has no account, or a wrong password there, is the usual refusal.
    const elsewhere = await createTenant(platform);
    for (const attempt of [loginTo(email, TENANT_PASSWORD, await slugOf(elsewhere)), loginTo(email, 'not-the-password', mine)]) {
      const res = await anonymous(attempt);
      expect(res.errors?.[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    }
  });

  test('a new workspace may take an admin whose address has an account elsewhere', async ({ platform, tenant }) => {
    const anonymous = routerCaller(platform.routerUrl);
    const root = await ok(anonymous(login(DEMO_ADMIN.email, DEMO_ADMIN.password)));
    const platformAdmin = routerCaller(platform.routerUrl, bearer(root.login.token));
    const made = await platformAdmin(
      createWorkspace(`Second home ${tenant.workspaceId.slice(0, 8)}`, { name: 'Same Person', email: tenant.admin.email, password: OTHER_PASSWORD }),
    );
    expect(made.errors).toBeUndefined();
    const session = await sessionOf(anonymous, loginTo(tenant.admin.email, OTHER_PASSWORD), platform.routerUrl);
    expect(session.workspaceId).toBe(made.data.createWorkspace.id);
    expect(session.userId).not.toBe(tenant.admin.id);
  });
});
