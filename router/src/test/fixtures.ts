import { randomUUID } from 'node:crypto';
import { test as base } from 'vitest';
import { bearer, ok, routerCaller, type Caller } from './client.ts';
import { createPublishableKey, createUser, createWorkspace, login } from './operations.ts';
import { startPlatform, type Platform } from './platform.ts';

export const DEMO_ADMIN = { email: 'admin@leadwire.dev', password: 'leadwire-admin' };
export const LANDING_ORIGIN = 'https://landing.example.com';

export interface Member {
  id: string;
  email: string;
  token: string;
  call: Caller;
}

/** The password of every member createTenant makes. */
export const TENANT_PASSWORD = 'correct-horse-battery';

export interface Tenant {
  workspaceId: string;
  admin: Member;
  consultants: Member[];
  publishableKey: string;
  /** Calls as the landing page would: publishable key from its allowed origin. */
  landing: Caller;
}

async function signIn(platform: Platform, email: string, password: string): Promise<Member> {
  const data = await ok(routerCaller(platform.routerUrl)(login(email, password)));
  const token = data.login.token as string;
  return { id: data.login.user.id, email, token, call: routerCaller(platform.routerUrl, bearer(token)) };
}

/**
 * Every test gets its own workspace, created through the public API by the
 * seeded platform admin: an admin, two consultants and a landing-page key.
 */
export async function createTenant(platform: Platform): Promise<Tenant> {
  const root = await signIn(platform, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const suffix = randomUUID().slice(0, 8);
  const password = TENANT_PASSWORD;
  const created = await ok(
    root.call(createWorkspace(`Tenant ${suffix}`, { name: 'Tenant Admin', email: `admin-${suffix}@test.dev`, password })),
  );
  const admin = await signIn(platform, `admin-${suffix}@test.dev`, password);
  const consultants: Member[] = [];
  for (const name of ['Ana', 'Bruno']) {
    const email = `${name.toLowerCase()}-${suffix}@test.dev`;
    await ok(admin.call(createUser({ name: `${name} ${suffix}`, email, password, role: 'CONSULTANT' })));
    consultants.push(await signIn(platform, email, password));
  }
  const key = await ok(admin.call(createPublishableKey('Landing', [LANDING_ORIGIN])));
  const publishableKey = key.createPublishableKey.secret as string;
  return {
    workspaceId: created.createWorkspace.id,
    admin,
    consultants,
    publishableKey,
    landing: routerCaller(platform.routerUrl, { 'x-publishable-key': publishableKey, origin: LANDING_ORIGIN }),
  };
}

export const test = base.extend<{ platform: Platform; tenant: Tenant }>({
    platform: [
      async ({}, use) => {
        const platform = await startPlatform();
        await use(platform);
        await platform.close();
      },
      { scope: 'worker' },
    ],
    tenant: async ({ platform }, use) => use(await createTenant(platform)),
  });
