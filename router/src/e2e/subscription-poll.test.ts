import pg from 'pg';
import { describe, expect } from 'vitest';
import { ok } from '../test/client.ts';
import { test } from '../test/fixtures.ts';
import { assignLead, boardEventsSubscription, createLead } from '../test/operations.ts';
import { startPlatform } from '../test/platform.ts';
import { subscriber } from '../test/ws-client.ts';

/**
 * Appends a board event the way the leads subgraph does (next number of the
 * workspace sequence, under its row lock) but publishes no wake-up: what
 * subscribers see when the publisher could not reach Redis.
 */
async function appendSilently(databaseUrl: string, workspaceId: string, leadId: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `UPDATE leads."WorkspaceSequence" SET seq = seq + 1 WHERE "workspaceId" = $1 RETURNING seq::text AS seq`,
      [workspaceId],
    );
    const seq = rows[0].seq as string;
    await client.query(
      `INSERT INTO leads."LeadEvent" ("workspaceId", seq, "leadId", type, "pipelineId", "toStageId", actor)
       SELECT "workspaceId", $2::bigint, id, 'UPDATED', "pipelineId", "stageId", 'test:no-wake-up' FROM leads."Lead" WHERE id = $1`,
      [leadId, seq],
    );
    await client.query('COMMIT');
    return seq;
  } finally {
    await client.end();
  }
}

describe('the safety net for lost wake-ups', () => {
  test('an event whose wake-up never reached Redis arrives with the next poll, to admins and to the consultant it concerns', async ({ tenant }) => {
    const platform = await startPlatform({ limits: { subscriptionPollMs: 500 } });
    const { admin, consultants } = tenant;
    const sockets: Array<ReturnType<typeof subscriber>> = [];
    try {
      const leadId = (await ok(admin.call(createLead({ name: 'Quietly updated' })))).createLead.id as string;
      await ok(admin.call(assignLead(leadId, consultants[0]!.id)));
      // The assignment's own board event travels through an outbox; start after it.
      await new Promise((r) => setTimeout(r, 1_000));
      const head = (await ok(admin.call({ query: '{ boardCursor }' }))).boardCursor as string;
      for (const member of [admin, consultants[0]!, consultants[1]!]) {
        sockets.push(subscriber(platform.wsUrl, { authorization: `Bearer ${member.token}` }, boardEventsSubscription(head)));
      }
      await new Promise((r) => setTimeout(r, 300));
      const seq = await appendSilently(platform.env.DATABASE_URL, tenant.workspaceId, leadId);

      const [asAdmin, asAna, asBruno] = sockets;
      for (const live of [asAdmin!, asAna!]) {
        const [event] = await live.waitFor(1, 10_000);
        expect(event!.data.boardEvents).toMatchObject({ cursor: seq, type: 'UPDATED', leadId });
      }
      await new Promise((r) => setTimeout(r, 1_200));
      expect(asBruno!.results).toEqual([]);
    } finally {
      await Promise.all(sockets.map((s) => s.close()));
      await platform.close();
    }
  });
});
