import { createHash, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { provisionWorkspace } from '../domain/provision.ts';
import { PASSWORD, test } from '../test/fixtures.ts';
import { apiKeys, createApiKey, createPublishableKey, credential, revokeApiKey } from '../test/operations.ts';

const system = { kind: 'system' } as const;

describe('API keys and credentials', () => {
  test('credential() resolves an API key with its scopes, and refuses it once revoked', async ({ tenant }) => {
    const created = await tenant.admin.call(createApiKey({ name: 'CRM sync', scopes: ['LEADS_READ', 'USERS_READ'] }));
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data.createApiKey;
    expect(secret).toMatch(/^lw_sk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ kind: 'API_KEY', scopes: ['LEADS_READ', 'USERS_READ'], prefix: secret.slice(0, 12) });

    const resolved = await tenant.as(system)(credential(secret));
    expect(resolved.data.credential).toEqual({
      kind: 'API_KEY',
      workspaceId: tenant.id,
      keyId: apiKey.id,
      scopes: ['leads:read', 'users:read'],
      allowedOrigins: [],
    });
    const listed = await tenant.admin.call(apiKeys());
    expect(listed.data.apiKeys[0].lastUsedAt).not.toBeNull();
    // Within the minute, use is not written again.
    await tenant.as(system)(credential(secret));
    expect((await tenant.admin.call(apiKeys())).data.apiKeys[0].lastUsedAt).toBe(listed.data.apiKeys[0].lastUsedAt);

    expect((await tenant.admin.call(revokeApiKey(apiKey.id))).data.revokeApiKey.revokedAt).not.toBeNull();
    expect((await tenant.as(system)(credential(secret))).data.credential).toBeNull();
    expect((await tenant.as(system)(credential(`lw_sk_${'A'.repeat(43)}`))).data.credential).toBeNull();
  });

  test('the secret is stored nowhere in clear, only its sha256', async ({ subgraph, tenant }) => {
    const { secret, apiKey } = (await tenant.admin.call(createApiKey({ name: 'k', scopes: ['LEADS_READ'] }))).data.createApiKey;
    const row = await subgraph.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    // Every row of every table of the schema, as text: the secret's random part appears in none.
    const tables = await subgraph.prisma.$queryRaw<Array<{ name: string }>>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'assignment' AND table_type = 'BASE TABLE'`;
    expect(tables.map((t) => t.name)).toContain('ApiKey');
    for (const { name } of tables) {
      const [hit] = await subgraph.prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${name}" t WHERE row_to_json(t)::text LIKE $1`,
        `%${secret.slice(12)}%`,
      );
      expect(hit!.n, name).toBe(0);
    }
    expect(JSON.stringify((await tenant.admin.call(apiKeys())).data)).not.toContain(secret.slice(12));
  });

  test('only the router’s system identity may resolve credentials', async ({ tenant }) => {
    const { secret } = (await tenant.admin.call(createApiKey({ name: 'k', scopes: ['LEADS_READ'] }))).data.createApiKey;
    const res = await tenant.admin.call(credential(secret));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.credential ?? null).toBeNull();
  });

  test('consultants and managers cannot create keys; nothing is written', async ({ subgraph, tenant }) => {
    for (const who of [tenant.consultants[0]!, tenant.manager]) {
      const res = await who.call(createApiKey({ name: 'mine', scopes: ['LEADS_READ'] }));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await subgraph.prisma.apiKey.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });

  test('publishable keys carry validated origins', async ({ subgraph, tenant }) => {
    const bad = await tenant.admin.call(createPublishableKey({ name: 'site', allowedOrigins: ['https://ok.example', 'ftp://x.example'] }));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.allowedOrigins.1' });
    const tooMany = Array.from({ length: 21 }, (_, i) => `https://s${i}.example`);
    const many = await tenant.admin.call(createPublishableKey({ name: 'site', allowedOrigins: tooMany }));
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.allowedOrigins' });
    expect(await subgraph.prisma.apiKey.count({ where: { workspaceId: tenant.id } })).toBe(0);

    const ok = await tenant.admin.call(createPublishableKey({ name: 'site', allowedOrigins: ['https://Landing.example/'] }));
    const { secret } = ok.data.createPublishableKey;
    expect(secret).toMatch(/^lw_pk_/);
    const resolved = await tenant.as(system)(credential(secret));
    expect(resolved.data.credential).toMatchObject({ kind: 'PUBLISHABLE', allowedOrigins: ['https://landing.example'] });
  });

  test('a key cannot be revoked from another workspace', async ({ tenant }) => {
    const { apiKey } = (await tenant.admin.call(createApiKey({ name: 'k', scopes: ['LEADS_READ'] }))).data.createApiKey;
    const stranger = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
    const res = await tenant.as(stranger)(revokeApiKey(apiKey.id));
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await tenant.admin.call(apiKeys())).data.apiKeys[0].revokedAt).toBeNull();
  });

  test('provisionWorkspace stores the seed’s documented secrets so the router resolves them', async ({ subgraph, tenant }) => {
    const tag = randomUUID().slice(0, 8);
    const publishable = `lw_pk_demo-${tag}-${'p'.repeat(32)}`;
    const service = `lw_svc_demo-${tag}-${'s'.repeat(32)}`;
    const made = await provisionWorkspace(subgraph.prisma, {
      name: 'Demo',
      admin: { name: 'Demo Admin', email: `demo-${tag}@example.com`, password: PASSWORD },
      users: [{ name: 'Demo Consultant', email: `demo-c-${tag}@example.com`, password: PASSWORD, role: 'CONSULTANT' }],
      publishableKey: { name: 'Landing', allowedOrigins: ['http://localhost:5173'], secret: publishable },
      serviceKey: { name: 'Connector', secret: service },
      platformAdmin: true,
    });
    expect(made).toMatchObject({ publishableKeySecret: publishable, serviceKeySecret: service, admin: { isPlatformAdmin: true } });
    expect(made.users.map((u) => u.role)).toEqual(['CONSULTANT']);
    const pk = await tenant.as(system)(credential(publishable));
    expect(pk.data.credential).toMatchObject({ kind: 'PUBLISHABLE', workspaceId: made.workspace.id, allowedOrigins: ['http://localhost:5173'] });
    expect((await tenant.as(system)(credential(service))).data.credential).toMatchObject({ kind: 'SERVICE', workspaceId: made.workspace.id });
    await expect(
      provisionWorkspace(subgraph.prisma, {
        name: 'Bad',
        admin: { name: 'X', email: `bad-${tag}@example.com`, password: PASSWORD },
        serviceKey: { name: 'c', secret: 'lw_sk_wrong-kind' },
      }),
    ).rejects.toThrow(/lw_svc_/);
    expect(await subgraph.prisma.user.count({ where: { email: `bad-${tag}@example.com` } })).toBe(0);
  });
});
