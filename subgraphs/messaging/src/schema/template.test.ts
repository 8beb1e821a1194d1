import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { createTemplate, deleteTemplate, templates, updateTemplate } from '../test/operations.ts';

const welcome = { name: 'boas_vindas', category: 'UTILITY', body: 'Olá {{name}}, aqui é {{ agent }}. {{name}}?' };

describe('templates', () => {
  test('managers create, update and delete templates; variables come from the body', async ({ workspace }) => {
    const created = await workspace.call(createTemplate(welcome));
    expect(created.data.createTemplate).toMatchObject({ name: 'boas_vindas', variables: ['name', 'agent'] });
    const id = created.data.createTemplate.id;
    const updated = await workspace.call(updateTemplate(id, { ...welcome, name: 'ola', body: 'Oi {{first_name}}' }));
    expect(updated.data.updateTemplate).toMatchObject({ id, name: 'ola', variables: ['first_name'] });
    expect((await workspace.call(templates())).data.templates.map((t: any) => t.name)).toEqual(['ola']);
    expect((await workspace.call(deleteTemplate(id))).data.deleteTemplate).toBe(true);
    expect((await workspace.call(templates())).data.templates).toEqual([]);
    expect((await workspace.call(deleteTemplate(id))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test.for([
    [{ name: 'Boas Vindas' }, 'input.name'],
    [{ name: '' }, 'input.name'],
    [{ name: 'a'.repeat(101) }, 'input.name'],
    [{ body: '  ' }, 'input.body'],
    [{ body: 'x'.repeat(4097) }, 'input.body'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and stores nothing', async ([patch, field], { workspace }) => {
    const res = await workspace.call(createTemplate({ ...welcome, ...patch }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await workspace.call(templates())).data.templates).toEqual([]);
  });

  test('a name is unique per workspace, not across workspaces', async ({ workspace }) => {
    await workspace.call(createTemplate(welcome));
    const again = await workspace.call(createTemplate(welcome));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const otherAdmin = workspace.as({ kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' });
    expect((await otherAdmin(templates())).data.templates).toEqual([]);
    expect((await otherAdmin(createTemplate(welcome))).data.createTemplate.name).toBe('boas_vindas');
  });

  test('consultants, API keys and the connector cannot manage templates', async ({ workspace }) => {
    const callers = [
      workspace.as({ kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' }),
      workspace.as({ kind: 'api_key', workspaceId: workspace.id, keyId: 'k', scopes: ['messages:write', 'messages:read'] }),
      workspace.asService,
    ];
    for (const call of callers) expect((await call(createTemplate(welcome))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await workspace.call(templates())).data.templates).toEqual([]);
    const created = await workspace.call(createTemplate(welcome));
    const id = created.data.createTemplate.id;
    for (const call of callers) {
      expect((await call(updateTemplate(id, { ...welcome, body: 'hijack' }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await call(deleteTemplate(id))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // Reading them is fine for anyone who may read messages.
    expect((await callers[1]!(templates())).data.templates[0].body).toBe(welcome.body);
  });

  test('another workspace cannot update or delete a template', async ({ workspace }) => {
    const id = (await workspace.call(createTemplate(welcome))).data.createTemplate.id;
    const otherAdmin = workspace.as({ kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' });
    expect((await otherAdmin(updateTemplate(id, welcome))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await otherAdmin(deleteTemplate(id))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await workspace.call(templates())).data.templates).toHaveLength(1);
  });
});
