import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test, world, type MessagingFixtures } from '../test/fixtures.ts';
import { changedThread, ingestWhatsApp, messageUpdatesSince } from '../test/operations.ts';
import { at, jidOf, newPhone, text, waId } from '../test/whatsapp-inbound.ts';

type Workspace = MessagingFixtures['workspace'];

const change = (kind: string, phone: string, targetWaMessageId: string, extra: Record<string, unknown> = {}) => ({
  kind,
  waMessageId: waId(),
  remoteJid: jidOf(phone),
  fromMe: false,
  phone,
  targetWaMessageId,
  sentAt: at(10),
  ...extra,
});

async function ingest(workspace: Workspace, messages: Record<string, unknown>[], sessionId = 'agent') {
  const res = await workspace.asService(ingestWhatsApp(sessionId, messages));
  expect(res.errors).toBeUndefined();
  return res.data.ingestWhatsAppMessages as { accepted: number; duplicates: number; applied: number; ignored: number };
}

async function thread(workspace: Workspace, leadId: string) {
  return (await workspace.call(changedThread(leadId))).data.messages.edges.map((e: any) => e.node);
}

/** A lead's first message, ingested; returns the lead and the message's WhatsApp id. */
async function leadWithMessage(workspace: Workspace, subgraph: { prisma: any }, phone = newPhone(), body = 'Oi, quero um financiamento') {
  const first = text(phone, body);
  await ingest(workspace, [first]);
  const row = await subgraph.prisma.message.findFirst({ where: { workspaceId: workspace.id, waMessageId: first.waMessageId } });
  world.setPhone(row.leadId, phone);
  return { phone, leadId: row.leadId as string, target: first.waMessageId };
}

describe('reactions', () => {
  test('a lead’s reaction lands on the message, reaches messageUpdatesSince, and five redeliveries change it once', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    const reaction = change('REACTION', phone, target, { emoji: '👍' });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await ingest(workspace, [reaction]));
    expect(outcomes.map((o) => [o.applied, o.ignored])).toEqual([[1, 0], [0, 1], [0, 1], [0, 1], [0, 1]]);
    const [message] = await thread(workspace, leadId);
    expect(message.reactions).toEqual([{ emoji: '👍', author: 'LEAD', reactedAt: at(10) }]);
    expect(message.updateCursor).not.toBeNull();
    const updates = (await workspace.call(messageUpdatesSince(leadId, null))).data.messageUpdatesSince;
    expect(updates.map((m: any) => [m.waMessageId, m.updateCursor])).toEqual([[target, message.updateCursor]]);
    // Nothing became a message of the thread.
    expect(await subgraph.prisma.message.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  test('one reaction per side: the latest wins, an empty one takes it back, and a late redelivery does not bring it back', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    await ingest(workspace, [
      change('REACTION', phone, target, { emoji: '👍', sentAt: at(10) }),
      change('REACTION', phone, target, { emoji: '❤️', sentAt: at(11) }),
      change('REACTION', phone, target, { emoji: '🙏', fromMe: true, sentAt: at(12) }),
    ]);
    expect((await thread(workspace, leadId))[0].reactions.map((r: any) => [r.author, r.emoji])).toEqual([
      ['LEAD', '❤️'],
      ['CONSULTANT', '🙏'],
    ]);
    const removed = await ingest(workspace, [change('REACTION', phone, target, { emoji: '', sentAt: at(13) })]);
    expect(removed.applied).toBe(1);
    const late = await ingest(workspace, [change('REACTION', phone, target, { emoji: '👍', sentAt: at(10) })]);
    expect(late).toMatchObject({ applied: 0, ignored: 1 });
    expect((await thread(workspace, leadId))[0].reactions.map((r: any) => r.emoji)).toEqual(['🙏']);
  });

  test('a reaction that comes before its message is kept and shows once the message is ingested from the same chat', async ({ workspace, subgraph }) => {
    const phone = newPhone();
    const later = text(phone, 'mensagem que chegou depois');
    expect(await ingest(workspace, [change('REACTION', phone, later.waMessageId, { emoji: '😂' })])).toMatchObject({ applied: 1, ignored: 0 });
    // Another chat naming the same id keeps its reaction to itself.
    await ingest(workspace, [change('REACTION', newPhone(), later.waMessageId, { emoji: '😡' })]);
    await ingest(workspace, [later]);
    const row = await subgraph.prisma.message.findFirst({ where: { workspaceId: workspace.id, waMessageId: later.waMessageId } });
    expect((await thread(workspace, row!.leadId))[0].reactions.map((r: any) => r.emoji)).toEqual(['😂']);
  });

  test('a reaction from another chat to a stored message changes nothing', async ({ workspace, subgraph }) => {
    const { leadId, target } = await leadWithMessage(workspace, subgraph);
    const other = newPhone();
    expect(await ingest(workspace, [change('REACTION', other, target, { emoji: '💩' })])).toMatchObject({ applied: 0, ignored: 1 });
    expect((await thread(workspace, leadId))[0]).toMatchObject({ reactions: [], updateCursor: null });
    expect(await subgraph.prisma.messageReaction.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe('edits and deletions', () => {
  test('the sender’s edit replaces the body and keeps the original; a replay or an older edit changes nothing', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph, undefined, 'Quero 200 mil');
    const edit = change('EDIT', phone, target, { body: 'Quero 250 mil', sentAt: at(20) });
    expect(await ingest(workspace, [edit])).toMatchObject({ applied: 1, ignored: 0 });
    const edited = (await thread(workspace, leadId))[0];
    expect(edited).toMatchObject({ body: 'Quero 250 mil', originalBody: 'Quero 200 mil', editedAt: at(20) });
    expect(await ingest(workspace, [edit, edit])).toMatchObject({ applied: 0, ignored: 2 });
    expect(await ingest(workspace, [change('EDIT', phone, target, { body: 'Quero 220 mil', sentAt: at(15) })])).toMatchObject({ ignored: 1 });
    expect((await thread(workspace, leadId))[0]).toEqual(edited);
    await ingest(workspace, [change('EDIT', phone, target, { body: 'Quero 300 mil', sentAt: at(30) })]);
    expect((await thread(workspace, leadId))[0]).toMatchObject({ body: 'Quero 300 mil', originalBody: 'Quero 200 mil', editedAt: at(30) });
    const updates = (await workspace.call(messageUpdatesSince(leadId, edited.updateCursor))).data.messageUpdatesSince;
    expect(updates.map((m: any) => m.body)).toEqual(['Quero 300 mil']);
  });

  test('a message and its edit in one batch: stored, then edited', async ({ workspace, subgraph }) => {
    const phone = newPhone();
    const first = text(phone, 'Olá');
    expect(await ingest(workspace, [first, change('EDIT', phone, first.waMessageId, { body: 'Olá, boa tarde' })])).toMatchObject({ accepted: 1, applied: 1 });
    const row = await subgraph.prisma.message.findFirst({ where: { workspaceId: workspace.id, waMessageId: first.waMessageId } });
    expect(row).toMatchObject({ body: 'Olá, boa tarde', originalBody: 'Olá' });
  });

  test('only the sender edits: another chat, or the business phone on the lead’s message, changes nothing', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    const before = await thread(workspace, leadId);
    expect(
      await ingest(workspace, [
        change('EDIT', newPhone(), target, { body: 'de outro chat' }),
        change('EDIT', phone, target, { body: 'do celular da empresa', fromMe: true }),
        change('REVOKE', phone, target, { fromMe: true }),
      ]),
    ).toMatchObject({ applied: 0, ignored: 3 });
    expect(await thread(workspace, leadId)).toEqual(before);
  });

  test('an edit or a reaction naming a message of another workspace writes nothing there', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    const before = await subgraph.prisma.message.findFirst({ where: { workspaceId: workspace.id, waMessageId: target } });
    const other = workspace.as({ kind: 'service', workspaceId: randomUUID(), keyId: 'connector' });
    const res = await other(ingestWhatsApp('agent', [change('EDIT', phone, target, { body: 'sequestrado' }), change('REVOKE', phone, target)]));
    expect(res.data.ingestWhatsAppMessages).toMatchObject({ accepted: 0, applied: 0, ignored: 2 });
    expect(await subgraph.prisma.message.findFirst({ where: { workspaceId: workspace.id, waMessageId: target } })).toEqual(before);
    expect((await thread(workspace, leadId))[0]).toMatchObject({ body: 'Oi, quero um financiamento', editedAt: null, deletedAt: null });
  });

  test('the sender deletes for everyone: deletedAt is set, the body kept, and later edits are ignored', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    expect(await ingest(workspace, [change('REVOKE', phone, target, { sentAt: at(40) })])).toMatchObject({ applied: 1 });
    expect(await ingest(workspace, [change('REVOKE', phone, target, { sentAt: at(40) }), change('EDIT', phone, target, { body: 'x', sentAt: at(41) })])).toMatchObject({
      applied: 0,
      ignored: 2,
    });
    expect((await thread(workspace, leadId))[0]).toMatchObject({ deletedAt: at(40), body: 'Oi, quero um financiamento', editedAt: null });
  });

  test('our own message typed on the phone can be edited from the phone', async ({ workspace, subgraph }) => {
    const { phone, leadId } = await leadWithMessage(workspace, subgraph);
    const ours = text(phone, 'Segue a proposta', { fromMe: true, pushName: null });
    await ingest(workspace, [ours, change('EDIT', phone, ours.waMessageId, { fromMe: true, body: 'Segue a proposta revisada' })]);
    expect((await thread(workspace, leadId)).map((m: any) => m.body)).toEqual(['Oi, quero um financiamento', 'Segue a proposta revisada']);
  });
});

describe('LID chats', () => {
  test('a message from a LID chat goes to the lead of its phone, keeps the chat’s JID, and may edit a message sent from the phone’s JID', async ({ workspace, subgraph }) => {
    const { phone, leadId, target } = await leadWithMessage(workspace, subgraph);
    const lid = `${randomInt(100_000_000, 999_999_999)}123456@lid`;
    const viaLid = text(phone, 'agora pelo LID', { remoteJid: lid });
    // Alone in its batch: only the leads subgraph can say the LID chat is the lead's.
    expect(await ingest(workspace, [change('EDIT', phone, target, { remoteJid: lid, body: 'editado pelo LID' })])).toMatchObject({ applied: 1 });
    await ingest(workspace, [viaLid]);
    const rows = await subgraph.prisma.message.findMany({ where: { workspaceId: workspace.id }, orderBy: { seq: 'asc' } });
    expect(rows.map((r: any) => [r.leadId, r.remoteJid, r.body])).toEqual([
      [leadId, jidOf(phone), 'editado pelo LID'],
      [leadId, lid, 'agora pelo LID'],
    ]);
  });
});

describe('bad input', () => {
  test.for([
    [{ kind: 'REACTION', targetWaMessageId: null, emoji: '👍' }, 'input.messages.0.targetWaMessageId'],
    [{ kind: 'EDIT', targetWaMessageId: 'X', body: ' ' }, 'input.messages.0.body'],
    [{ kind: 'REACTION', targetWaMessageId: 'X', emoji: '👍'.repeat(33) }, 'input.messages.0.emoji'],
    [{ kind: 'REACTION', targetWaMessageId: 'X', emoji: '\u0000' }, 'input.messages.0.emoji'],
    [{ type: null }, 'input.messages.0.type'],
    [{ remoteJid: '120363025246125486@g.us' }, 'input.messages.0.remoteJid'],
    [{ remoteJid: 'abc@lid' }, 'input.messages.0.remoteJid'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and writes nothing', async ([patch, field], { workspace, subgraph }) => {
    const phone = newPhone();
    const res = await workspace.asService(ingestWhatsApp('agent', [{ ...text(phone, 'oi'), ...patch }, text(phone, 'segunda')]));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.prisma.message.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await subgraph.prisma.messageReaction.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
