import { describe, expect, vi } from 'vitest';
import { test, world, type MessagingFixtures } from '../test/fixtures.ts';
import { changedThread, ingestWhatsApp } from '../test/operations.ts';
import { newPhone, text } from '../test/whatsapp-inbound.ts';

type Workspace = MessagingFixtures['workspace'];

async function ingest(workspace: Workspace, messages: Record<string, unknown>[]) {
  const res = await workspace.asService(ingestWhatsApp('agent', messages));
  expect(res.errors).toBeUndefined();
  return res.data.ingestWhatsAppMessages as { accepted: number; duplicates: number };
}

describe('ingestWhatsAppMessages stores a batch in one statement', () => {
  test('in the order given, with the text as sent, one job per message from a lead and none for ours; a replay writes nothing', async ({ workspace, subgraph }) => {
    const phone = newPhone();
    // Texts that an array literal could misread: quotes, braces, commas, backslashes, the word NULL.
    const bodies = ['NULL', 'a, b', '{"x": [1, 2]}', 'back\\slash "quoted"', "it's", 'emoji 👍🏽 e acentuação', ' '.repeat(3) + 'x'];
    const batch = bodies.map((body, i) => text(phone, body, { sentAt: `2026-11-22T12:00:0${i}.000Z` }));
    const ours = text(phone, 'Enviado do celular', { fromMe: true, pushName: null });
    expect(await ingest(workspace, [...batch, ours])).toMatchObject({ accepted: 8, duplicates: 0 });

    const rows = await subgraph.prisma.message.findMany({ where: { workspaceId: workspace.id }, orderBy: { seq: 'asc' } });
    expect(rows.map((m) => m.body)).toEqual([...bodies, 'Enviado do celular']);
    expect(rows.map((m) => m.seq - rows[0]!.seq)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    expect(rows.map((m) => m.sentAt?.toISOString())).toEqual([...batch, ours].map((m) => m.sentAt));
    expect(rows.at(-1)).toMatchObject({ direction: 'OUTBOUND', author: 'CONSULTANT', status: 'SENT', deliveredAt: null });
    expect(rows.slice(0, -1).every((m) => m.direction === 'INBOUND' && m.author === 'LEAD' && m.status === 'DELIVERED' && m.deliveredAt)).toBe(true);
    expect(new Set(rows.map((m) => m.conversationId)).size).toBe(1);

    const jobs = await subgraph.prisma.queuedJob.findMany({ where: { workspaceId: workspace.id } });
    expect(jobs.map((j) => j.id).sort()).toEqual(rows.slice(0, -1).map((m) => m.id).sort());
    const first = rows[0]!;
    expect(jobs.find((j) => j.id === first.id)).toMatchObject({
      queue: 'qualification',
      payload: { messageId: first.id, workspaceId: workspace.id, leadId: first.leadId, conversationId: first.conversationId, correlationId: expect.any(String) },
    });

    // Left out before anything else while the chat is not remembered…
    expect(await ingest(workspace, [batch[2]!, ours, batch[0]!])).toMatchObject({ accepted: 0, duplicates: 3 });
    // …and skipped by the storing statement itself once it is (a batch then asks the leads subgraph nothing).
    const ensure = vi.spyOn(world.directory, 'ensureWhatsAppLeads');
    await vi.waitFor(async () => {
      const asked = ensure.mock.calls.length;
      await ingest(workspace, [text(phone, 'mais uma')]);
      expect(ensure.mock.calls.length).toBe(asked);
    });
    ensure.mockRestore();
    const counts = async () => [
      await subgraph.prisma.message.count({ where: { workspaceId: workspace.id } }),
      await subgraph.prisma.queuedJob.count({ where: { workspaceId: workspace.id } }),
    ];
    const before = await counts();
    expect(await ingest(workspace, [batch[2]!, ours, batch[0]!])).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await counts()).toEqual(before);
  });

  test('a reaction committed while the batch waited for the workspace lock still lands on its message', async ({ workspace, subgraph }) => {
    const phone = newPhone();
    await ingest(workspace, [text(phone, 'primeira')]);
    const later = text(phone, 'a mensagem da reação');
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another writer of the workspace holds the lock and records a reaction to the message before it exists, as a
    // reaction ingested first does; it commits while the batch's statement is waiting, after its snapshot.
    const writer = subgraph.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "seq" FROM "WorkspaceSequence" WHERE "workspaceId" = ${workspace.id}::uuid FOR UPDATE`;
        locked();
        await released;
        await tx.messageReaction.create({
          data: { workspaceId: workspace.id, targetWaMessageId: later.waMessageId, sessionId: 'agent', phone, fromLead: true, emoji: '🎉', reactedAt: new Date() },
        });
      },
      { timeout: 20_000 },
    );
    await lockHeld;
    const ingested = ingest(workspace, [later]);
    await vi.waitFor(
      async () => {
        const waiting = await subgraph.prisma.$queryRaw<Array<{ n: bigint }>>`
          SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "Message"%'`;
        expect(waiting[0]!.n).toBeGreaterThan(0n);
      },
      { timeout: 10_000 },
    );
    release();
    await writer;
    expect(await ingested).toMatchObject({ accepted: 1, duplicates: 0 });

    const message = await subgraph.prisma.message.findFirstOrThrow({ where: { workspaceId: workspace.id, waMessageId: later.waMessageId } });
    expect(await subgraph.prisma.messageReaction.findFirst({ where: { workspaceId: workspace.id, targetWaMessageId: later.waMessageId } })).toMatchObject({
      messageId: message.id,
    });
    // Already seen without it, the message changes: messageUpdated carries the reaction.
    expect(message.updatedSeq).toBeGreaterThan(message.seq);
    const shown = (await workspace.call(changedThread(message.leadId))).data.messages.edges.map((e: any) => e.node);
    expect(shown.at(-1)).toMatchObject({ waMessageId: later.waMessageId, reactions: [{ emoji: '🎉', author: 'LEAD' }] });
  });
});
