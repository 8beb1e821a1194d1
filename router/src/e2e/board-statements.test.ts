import { sqlStatements } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { ok } from '../test/client.ts';
import { test } from '../test/fixtures.ts';
import { assignLead, board, createLead, sendMessage } from '../test/operations.ts';

/**
 * Statements counted while `work` runs, at the least of three runs: background
 * work (outbox relays, SLA sweeps) shares the counter and only ever adds.
 */
async function statementsFor<T>(work: () => Promise<T>): Promise<{ statements: number; result: T }> {
  let least = Infinity;
  let result!: T;
  for (let i = 0; i < 3; i++) {
    const before = sqlStatements.count;
    result = await work();
    least = Math.min(least, sqlStatements.count - before);
  }
  return { statements: least, result };
}

describe('board across four subgraphs', () => {
  test('costs the same bounded number of SQL statements for 20 and for 200 leads', async ({ tenant }) => {
    const { admin, consultants } = tenant;
    const addLead = async (i: number) => {
      const id = (await ok(admin.call(createLead({ name: `Lead ${i}`, dealValue: 1000 + i, phone: `+55119876${String(10000 + i)}` })))).createLead.id;
      if (i % 2 === 0) await ok(admin.call(assignLead(id, consultants[i % 4 === 0 ? 0 : 1]!.id)));
      if (i % 5 === 0) await ok(admin.call(sendMessage(id, `Olá ${i}`)));
    };
    const addLeads = async (from: number, to: number) => {
      for (let i = from; i < to; i += 5) await Promise.all(Array.from({ length: Math.min(5, to - i) }, (_, k) => addLead(i + k)));
    };
    await addLeads(0, 20);
    const small = await statementsFor(() => ok(admin.call(board(200))));
    await addLeads(20, 200);
    const large = await statementsFor(() => ok(admin.call(board(200))));

    const cards = large.result.board.columns.flatMap((c: any) => c.leads);
    expect(cards).toHaveLength(200);
    expect(cards.filter((c: any) => c.assignee).length).toBe(100);
    expect(cards.filter((c: any) => c.latestMessage?.body?.startsWith('Olá')).length).toBe(40);
    expect(large.result.board.columns[0].valueSum).toBe(Array.from({ length: 200 }, (_, i) => 1000 + i).reduce((a, b) => a + b));
    // One plan: leads (stages, totals, cards), then one _entities batch per other subgraph.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(20);
  }, 120_000);
});
