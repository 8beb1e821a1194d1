import { describe, expect, test as plain } from 'vitest';
import { ok, routerCaller } from '../../test/client.ts';
import { LANDING_ORIGIN, test, TENANT_PASSWORD } from '../../test/fixtures.ts';
import { leads } from '../../test/operations.ts';
import { startPlatform, type Platform } from '../../test/platform.ts';

const lead = (i: number) => `{ name: "Visitor ${i}", phone: "+551198765${String(4000 + i)}", consent: true }`;
const LOGIN_FIELDS = 'login(email: $email, password: $password) { token }';
const LOGIN_VARS = '($email: String!, $password: String!)';

async function withPlatform<T>(options: Parameters<typeof startPlatform>[0], work: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await startPlatform(options);
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

describe('limits count what executes, however it is spelled', () => {
  test('19 aliased submitLead in one request create nothing against a limit of 10', async ({ tenant }) => {
    await withPlatform({ limits: { submitPerMinute: 10 } }, async (platform) => {
      const landing = routerCaller(platform.routerUrl, { 'x-publishable-key': tenant.publishableKey, origin: LANDING_ORIGIN });
      const aliased = `mutation { ${Array.from({ length: 19 }, (_, i) => `s${i}: submitLead(input: ${lead(i)}) { ok }`).join(' ')} }`;
      const res = await landing({ query: aliased });
      expect(codeOf(res)).toBe('TOO_MANY_REQUESTS');
      expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(0);
    });
  });

  test('submitLead through inline and named fragments is counted too', async ({ tenant }) => {
    await withPlatform({ limits: { submitPerMinute: 3 } }, async (platform) => {
      const landing = routerCaller(platform.routerUrl, { 'x-publishable-key': tenant.publishableKey, origin: LANDING_ORIGIN });
      const inline = `mutation { ... on Mutation { a: submitLead(input: ${lead(1)}) { ok } b: submitLead(input: ${lead(2)}) { ok } } }`;
      expect(codeOf(await landing({ query: inline }))).toBeUndefined();
      const named = `mutation { ...F } fragment F on Mutation { c: submitLead(input: ${lead(3)}) { ok } d: submitLead(input: ${lead(4)}) { ok } }`;
      expect(codeOf(await landing({ query: named }))).toBe('TOO_MANY_REQUESTS');
      expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(2);
    });
  });

  test('login wrapped in fragments or aliases is counted per attempt', async ({ tenant }) => {
    await withPlatform({ limits: { loginPerMinute: 3 } }, async (platform) => {
      const anonymous = routerCaller(platform.routerUrl);
      const variables = { email: tenant.admin.email, password: 'wrong-password' };
      const inline = { query: `mutation${LOGIN_VARS} { ... on Mutation { ${LOGIN_FIELDS} } }`, variables };
      const named = { query: `mutation${LOGIN_VARS} { ...L } fragment L on Mutation { ${LOGIN_FIELDS} }`, variables };
      expect(codeOf(await anonymous(inline))).toBe('UNAUTHENTICATED');
      expect(codeOf(await anonymous(named))).toBe('UNAUTHENTICATED');
      const aliased = { query: `mutation${LOGIN_VARS} { a: ${LOGIN_FIELDS} b: ${LOGIN_FIELDS} }`, variables };
      expect(codeOf(await anonymous(aliased))).toBe('TOO_MANY_REQUESTS');
      expect(codeOf(await anonymous(named))).toBe('TOO_MANY_REQUESTS');
    });
  });
});

describe('login limits per address and per account', () => {
  const login = (platform: Platform, email: string, password: string, forwardedFor?: string) =>
    routerCaller(platform.routerUrl, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {})({
      query: `mutation${LOGIN_VARS} { ${LOGIN_FIELDS} }`,
      variables: { email, password },
    });

  test('behind a trusted proxy, one address locked out does not lock out another', async ({ tenant }) => {
    await withPlatform({ limits: { loginPerMinute: 3 }, trustedProxies: ['loopback'] }, async (platform) => {
      const [ana, bruno] = tenant.consultants;
      for (let i = 0; i < 3; i++) expect(codeOf(await login(platform, ana!.email, 'wrong', '203.0.113.7'))).toBe('UNAUTHENTICATED');
      expect(codeOf(await login(platform, ana!.email, 'wrong', '203.0.113.7'))).toBe('TOO_MANY_REQUESTS');
      const other = await login(platform, bruno!.email, TENANT_PASSWORD, '198.51.100.23');
      expect(other.data?.login?.token).toBeTruthy();
    });
  });

  test('X-Forwarded-For from a client that is not a configured proxy is ignored', async ({ tenant }) => {
    await withPlatform({ limits: { loginPerMinute: 3 } }, async (platform) => {
      const [ana] = tenant.consultants;
      for (let i = 0; i < 3; i++) await login(platform, ana!.email, 'wrong', `203.0.113.${i}`);
      expect(codeOf(await login(platform, ana!.email, TENANT_PASSWORD, '203.0.113.99'))).toBe('TOO_MANY_REQUESTS');
    });
  });

  test('a burst against one account from many addresses is stopped; other accounts are not', async ({ tenant }) => {
    await withPlatform({ limits: { loginPerAccountPerMinute: 3 }, trustedProxies: ['loopback'] }, async (platform) => {
      const [ana, bruno] = tenant.consultants;
      for (let i = 0; i < 3; i++) expect(codeOf(await login(platform, ana!.email.toUpperCase(), 'wrong', `198.51.100.${i}`))).toBe('UNAUTHENTICATED');
      expect(codeOf(await login(platform, ana!.email, TENANT_PASSWORD, '198.51.100.77'))).toBe('TOO_MANY_REQUESTS');
      expect((await login(platform, bruno!.email, TENANT_PASSWORD, '198.51.100.78')).data?.login?.token).toBeTruthy();
    });
  });
});

plain('executedRootFields flattens aliases, inline fragments and named fragments', async () => {
  const { parse } = await import('graphql');
  const { executedRootFields } = await import('../../plugins/root-fields.ts');
  const document = parse('mutation M($e: String!) { a: login(email: $e, password: "x") { token } ... on Mutation { login(email: "b", password: "y") { token } } ...F } fragment F on Mutation { submitLead(input: {name: "n"}) { ok } }');
  const fields = executedRootFields(document, document.definitions[0] as never, { e: 'a@x.dev' });
  expect(fields.map((f) => [f.name, f.args.email ?? null])).toEqual([
    ['login', 'a@x.dev'],
    ['login', 'b'],
    ['submitLead', null],
  ]);
});
