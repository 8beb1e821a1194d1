import { randomUUID } from 'node:crypto';
import { bearer, ok, routerCaller } from './client.ts';
import { TENANT_PASSWORD, type Member, type Tenant } from './fixtures.ts';
import { createUser, login } from './operations.ts';
import type { Platform } from './platform.ts';

/** Adds a user of `role` to the tenant's workspace through the API, signed in. */
export async function addMember(platform: Platform, tenant: Tenant, role: 'ADMIN' | 'MANAGER' | 'CONSULTANT', name: string): Promise<Member> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@test.dev`;
  await ok(tenant.admin.call(createUser({ name, email, password: TENANT_PASSWORD, role })));
  const signedIn = await ok(routerCaller(platform.routerUrl)(login(email, TENANT_PASSWORD)));
  const token = signedIn.login.token as string;
  return { id: signedIn.login.user.id, email, token, call: routerCaller(platform.routerUrl, bearer(token)) };
}
