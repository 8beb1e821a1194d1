import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ok } from '../../test/client.ts';
import { createTenant, test } from '../../test/fixtures.ts';
import { assignLead, createLead } from '../../test/operations.ts';

const openConversation = (leadId: string, remoteJid = '5511987654321@s.whatsapp.net') => ({
  query: 'mutation Open($input: OpenConversationInput!) { openConversation(input: $input) { id } }',
  variables: { input: { leadId, sessionId: 'team', remoteJid } },
});
const send = (input: Record<string, unknown>) => ({
  query: 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
  variables: { input },
});
const thread = (leadId: string) => ({
  query: 'query Thread($leadId: ID!) { messages(leadId: $leadId) { edges { node { id body } } } }',
  variables: { leadId },
});
const conversationsOf = (id: string) => ({
  query: 'query Conversations($id: ID!) { lead(id: $id) { conversations { id } } }',
  variables: { id },
});
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

describe('a write that takes two ids checks that they belong together', () => {
  test('a consultant cannot queue a message on another consultant’s WhatsApp thread', async ({ tenant }) => {
    const { admin, consultants } = tenant;
    const [ana, bruno] = consultants;
    const anas = (await ok(admin.call(createLead({ name: 'Ana’s lead', phone: '+5511912345678' })))).createLead.id;
    const brunos = (await ok(admin.call(createLead({ name: 'Bruno’s lead', phone: '+5511987654321' })))).createLead.id;
    await ok(admin.call(assignLead(anas, ana!.id)));
    await ok(admin.call(assignLead(brunos, bruno!.id)));
    const brunosThread = (await ok(admin.call(openConversation(brunos)))).openConversation.id;

    const crossed = await ana!.call(send({ leadId: anas, conversationId: brunosThread, body: 'hijack' }));
    expect(codeOf(crossed)).toBe('NOT_FOUND');
    expect(crossed.errors?.[0]?.extensions?.field).toBe('input.conversationId');
    // An admin, who sees both, cannot cross them either.
    expect(codeOf(await admin.call(send({ leadId: anas, conversationId: brunosThread, body: 'crossed' })))).toBe('NOT_FOUND');
    expect((await ok(admin.call(thread(anas)))).messages.edges).toEqual([]);
    expect((await ok(admin.call(thread(brunos)))).messages.edges).toEqual([]);

    // The thread that does belong to the lead is accepted.
    const anasThread = (await ok(admin.call(openConversation(anas, '5511912345678@s.whatsapp.net')))).openConversation.id;
    await ok(ana!.call(send({ leadId: anas, conversationId: anasThread, body: 'Olá!' })));
    expect((await ok(admin.call(thread(anas)))).messages.edges.map((e: any) => e.node.body)).toEqual(['Olá!']);
  });

  test('an unknown lead, or one of another workspace, is NOT_FOUND and nothing is written', async ({ platform, tenant }) => {
    const other = await createTenant(platform);
    const theirs = (await ok(other.admin.call(createLead({ name: 'Elsewhere' })))).createLead.id;
    for (const leadId of [randomUUID(), theirs]) {
      const message = await tenant.admin.call(send({ leadId, body: 'hello?' }));
      expect(codeOf(message)).toBe('NOT_FOUND');
      expect(message.errors?.[0]?.extensions?.field).toBe('input.leadId');
      const opened = await tenant.admin.call(openConversation(leadId));
      expect(codeOf(opened)).toBe('NOT_FOUND');
      expect(opened.errors?.[0]?.extensions?.field).toBe('input.leadId');
    }
    expect((await ok(other.admin.call(thread(theirs)))).messages.edges).toEqual([]);
    expect((await ok(other.admin.call(conversationsOf(theirs)))).lead.conversations).toEqual([]);
  });

  test('a consultant cannot open a thread on a lead that is not theirs', async ({ tenant }) => {
    const brunos = (await ok(tenant.admin.call(createLead({ name: 'Bruno only' })))).createLead.id;
    await ok(tenant.admin.call(assignLead(brunos, tenant.consultants[1]!.id)));
    expect(codeOf(await tenant.consultants[0]!.call(openConversation(brunos)))).toBe('NOT_FOUND');
    expect((await ok(tenant.admin.call(conversationsOf(brunos)))).lead.conversations).toEqual([]);
  });
});
