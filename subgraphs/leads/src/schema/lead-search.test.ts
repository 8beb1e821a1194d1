import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { createLead, leads } from '../test/operations.ts';

const names = async (call: (op: any) => Promise<any>, search: string): Promise<string[]> =>
  ((await call(leads({ search, first: 50 }))).data.leads.edges as Array<{ node: { name: string } }>).map((e) => e.node.name).sort();

describe('leads(search:)', () => {
  test('finds a fragment of a name, an email, a phone or a CPF, however it is typed', async ({ workspace }) => {
    const add = (input: Record<string, unknown>) => workspace.call(createLead(input));
    await add({ name: 'Maria Souza', email: 'maria.souza9999@example.com', phone: '+5511987654321', cpf: '529.982.247-25' });
    await add({ name: 'João Pereira', email: 'joao.p@example.com', phone: '+5521912345678' });
    // Its phone holds the digits of Maria's address: a search for the address must not find it.
    await add({ name: 'Pedro Lima', email: 'pedro@example.org', phone: '+5531999990000' });
    await add({ name: 'Zé 100% Souza_Lima', email: 'ze@example.net' });
    await add({ name: 'Ana Souza Lima', email: 'ana@example.com' });

    expect(await names(workspace.call, 'OUZ')).toEqual(['Ana Souza Lima', 'Maria Souza', 'Zé 100% Souza_Lima']);
    expect(await names(workspace.call, 'souza9999@exa')).toEqual(['Maria Souza']);
    expect(await names(workspace.call, 'maria.souza9999@example.com')).toEqual(['Maria Souza']);
    expect(await names(workspace.call, 'example.')).toHaveLength(5);
    // Typed as people type them: punctuation is ignored in phones and CPFs.
    expect(await names(workspace.call, '98765-43')).toEqual(['Maria Souza']);
    expect(await names(workspace.call, '(21) 91234')).toEqual(['João Pereira']);
    expect(await names(workspace.call, '529.982')).toEqual(['Maria Souza']);
    // Wildcards typed by a person are the characters themselves.
    expect(await names(workspace.call, '100%')).toEqual(['Zé 100% Souza_Lima']);
    expect(await names(workspace.call, 'za_L')).toEqual(['Zé 100% Souza_Lima']);
    expect((await workspace.call(leads({ search: 'souza', first: 1 }))).data.leads.totalCount).toBe(3);
  });
});
