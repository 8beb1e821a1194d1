import { describe, expect } from 'vitest';
import { bearer, ok, routerCaller, type Caller, type Result } from '../../test/client.ts';
import { TENANT_PASSWORD, test, type Tenant } from '../../test/fixtures.ts';
import { assignLead, createApiKey, createLead, login, sendMessage } from '../../test/operations.ts';
import type { Platform } from '../../test/platform.ts';

const op = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });

const LEAD = { name: 'Maria Reservada', phone: '(11) 98765-4321', cpf: '529.982.247-25', email: 'maria.reservada@example.com' };
const SECRETS = ['Maria Reservada', '98765', '52998224725', 'maria.reservada@example.com'];
/** Every User field a lead reader must not see on an assignee. */
const PRIVATE_USER_FIELDS = ['email', 'role', 'active', 'available', 'capacity', 'openLeadCount', 'createdAt'];

async function keyWith(platform: Platform, tenant: Tenant, scope: string): Promise<Caller> {
  const created = await ok(tenant.admin.call(createApiKey(`only ${scope}`, [scope])));
  return routerCaller(platform.routerUrl, bearer(created.createApiKey.secret));
}

const codes = (res: Result) => (res.errors ?? []).map((e) => e.extensions?.code);

/** Refused: a FORBIDDEN error, and none of `values` anywhere in the answer. */
function expectWithheld(res: Result, values: string[]) {
  expect(codes(res)).toContain('FORBIDDEN');
  const body = JSON.stringify(res.data ?? null);
  for (const value of values) expect(body).not.toContain(value);
}

/** A lead assigned to the first consultant, with a message and a qualified WhatsApp thread. */
async function seed(tenant: Tenant) {
  const { admin, consultants } = tenant;
  const leadId = (await ok(admin.call(createLead(LEAD)))).createLead.id as string;
  await ok(admin.call(assignLead(leadId, consultants[0]!.id)));
  await ok(admin.call(sendMessage(leadId, 'Olá, tudo bem?')));
  const thread = { leadId, sessionId: 'sales-1', remoteJid: '5511987654321@s.whatsapp.net' };
  const opened = await ok(
    admin.call(op('mutation($input: OpenConversationInput!) { openConversation(input: $input) { id } }', { input: thread })),
  );
  const conversationId = opened.openConversation.id as string;
  await ok(
    admin.call(
      op('mutation($id: ID!) { updateQualification(conversationId: $id, input: { cpf: "52998224725", monthlyIncome: 12345 }) { id } }', {
        id: conversationId,
      }),
    ),
  );
  return { leadId, conversationId, thread, assignee: consultants[0]! };
}

describe('field scopes hold through every entity path', () => {
  test('a LEADS_READ key sees an assignee’s id and name, nothing else about users', async ({ platform, tenant }) => {
    const { leadId, assignee } = await seed(tenant);
    const key = await keyWith(platform, tenant, 'LEADS_READ');

    const named = await ok(key(op('query($id: ID!) { lead(id: $id) { id name assignee { id name } } }', { id: leadId })));
    expect(named.lead).toMatchObject({ id: leadId, name: LEAD.name, assignee: { id: assignee.id } });
    expect(named.lead.assignee.name).toMatch(/^Ana /);

    for (const field of PRIVATE_USER_FIELDS) {
      const res = await key(op(`query($id: ID!) { lead(id: $id) { id assignee { id ${field} } } }`, { id: leadId }));
      expect(codes(res), field).toContain('FORBIDDEN');
      expect(res.data?.lead?.assignee ?? null, field).toBeNull();
    }
    const viaHistory = await key(op('query($id: ID!) { lead(id: $id) { assignmentHistory { reason user { id name email } } } }', { id: leadId }));
    expectWithheld(viaHistory, [assignee.email]);
    const history = await ok(key(op('query($id: ID!) { lead(id: $id) { assignmentHistory { reason user { id name } } } }', { id: leadId })));
    expect(history.lead.assignmentHistory[0]).toMatchObject({ reason: 'MANUAL', user: { id: assignee.id } });

    const onBoard = await ok(key(op('query { board { columns { leads { id assignee { id name } } } } }')));
    const card = onBoard.board.columns.flatMap((c: any) => c.leads).find((l: any) => l.id === leadId);
    expect(card.assignee.id).toBe(assignee.id);
    expect(codes(await key(op('query { users { id } }')))).toContain('FORBIDDEN');
  });

  test('a MESSAGES_READ key reads messages but not the lead behind them', async ({ platform, tenant }) => {
    const { leadId } = await seed(tenant);
    const key = await keyWith(platform, tenant, 'MESSAGES_READ');
    const messages = (selection: string) =>
      op(`query($leadId: ID!) { messages(leadId: $leadId, first: 10) { edges { node { id body ${selection} } } } }`, { leadId });

    const bodies = await ok(key(messages('lead { id }')));
    expect(bodies.messages.edges.map((e: any) => [e.node.body, e.node.lead.id])).toEqual([['Olá, tudo bem?', leadId]]);

    expectWithheld(await key(messages('lead { name phone cpf }')), SECRETS);
    expectWithheld(await key(messages('lead { email }')), SECRETS);
    expectWithheld(await key(messages('lead { assignee { name email } }')), [tenant.consultants[0]!.email, 'Ana ']);
  });

  test('a CONVERSATIONS_READ key reads threads but not the lead behind them', async ({ platform, tenant }) => {
    const { conversationId, leadId } = await seed(tenant);
    const key = await keyWith(platform, tenant, 'CONVERSATIONS_READ');
    const conversation = (selection: string) => op(`query($id: ID!) { conversation(id: $id) { id status ${selection} } }`, { id: conversationId });

    const own = await ok(key(conversation('qualification { monthlyIncome } lead { id }')));
    expect(own.conversation).toMatchObject({ id: conversationId, status: 'OPEN', qualification: { monthlyIncome: 12345 }, lead: { id: leadId } });
    expectWithheld(await key(conversation('lead { name phone cpf email }')), SECRETS);
    expectWithheld(await key(conversation('lead { messages { body } }')), ['Olá, tudo bem?']);
  });

  test('a write-only key gets back the id of what it wrote, not data it may not read', async ({ platform, tenant }) => {
    const { leadId, thread } = await seed(tenant);
    const leadsWriter = await keyWith(platform, tenant, 'LEADS_WRITE');

    const created = await ok(leadsWriter(createLeadId({ name: 'From the integration' })));
    expect(created.createLead.id).toMatch(/^[0-9a-f-]{36}$/);
    // An empty update is a write that used to answer with the whole lead.
    expectWithheld(await leadsWriter(op('mutation($id: ID!) { updateLead(id: $id, input: {}) { id name phone cpf email } }', { id: leadId })), SECRETS);
    // Opening a thread that is already open answers with it: its qualification is conversations:read.
    expectWithheld(
      await leadsWriter(
        op('mutation($input: OpenConversationInput!) { openConversation(input: $input) { id qualification { cpf monthlyIncome } } }', { input: thread }),
      ),
      ['52998224725', '12345'],
    );

    const messagesWriter = await keyWith(platform, tenant, 'MESSAGES_WRITE');
    const sent = await ok(messagesWriter(op('mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { leadId, body: 'Retorno' } })));
    expect(sent.sendMessage.id).toMatch(/^[0-9a-f-]{36}$/);
    expectWithheld(
      await messagesWriter(op('mutation($input: SendMessageInput!) { sendMessage(input: $input) { id lead { name cpf } } }', { input: { leadId, body: 'Oi' } })),
      SECRETS,
    );
  });

  test('USERS_READ reads users; people read their own user; the web app logs in anonymously', async ({ platform, tenant }) => {
    const { leadId, assignee } = await seed(tenant);
    const key = await keyWith(platform, tenant, 'USERS_READ');
    const users = await ok(key(op('query { users { id email role capacity openLeadCount } }')));
    expect(users.users.find((u: any) => u.id === assignee.id)).toMatchObject({ email: assignee.email, role: 'CONSULTANT', openLeadCount: 1 });
    expect(codes(await key(op('query($id: ID!) { lead(id: $id) { id name } }', { id: leadId })))).toContain('FORBIDDEN');

    // The web app's login selection, as an anonymous caller.
    const anonymous = routerCaller(platform.routerUrl);
    const signedIn = await anonymous(login(assignee.email, TENANT_PASSWORD));
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.login.user).toEqual({ id: assignee.id, role: 'CONSULTANT' });
    const self = await ok(anonymous(op('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { email capacity } } }', { e: assignee.email, p: TENANT_PASSWORD })));
    expect(self.login.user.email).toBe(assignee.email);

    // Users hold every scope: a consultant reads their own account, an admin a lead's assignee in full.
    const me = await ok(assignee.call(op('query { me { id email role available capacity openLeadCount createdAt } }')));
    expect(me.me).toMatchObject({ id: assignee.id, email: assignee.email, role: 'CONSULTANT', openLeadCount: 1 });
    const full = await ok(tenant.admin.call(op('query($id: ID!) { lead(id: $id) { cpf assignee { email role } } }', { id: leadId })));
    expect(full.lead).toEqual({ cpf: '52998224725', assignee: { email: assignee.email, role: 'CONSULTANT' } });
  });
});

function createLeadId(input: Record<string, unknown>) {
  return op('mutation($input: CreateLeadInput!) { createLead(input: $input) { id } }', { input });
}
