import { describe, expect } from 'vitest';
import { ok } from '../test/client.ts';
import { test } from '../test/fixtures.ts';
import { assignLead, board, boardEventsSubscription, createLead, messageAddedSubscription, moveLead, sendMessage } from '../test/operations.ts';
import { subscriber } from '../test/ws-client.ts';

const boardCursor = { query: 'query { boardCursor }', variables: {} };

describe('subscriptions over graphql-ws', () => {
  test('a subscriber receives moveLead with the federated assignee and stage resolved, and catches up after a drop', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const created = await ok(admin.call(createLead({ name: 'Paula Reis', phone: '+55 21 99876-5432' })));
    const leadId = created.createLead.id as string;
    await ok(admin.call(assignLead(leadId, consultants[0]!.id)));
    const stages = (await ok(admin.call(board()))).board.columns.map((c: any) => c.stage);
    const start = (await ok(admin.call(boardCursor))).boardCursor as string;

    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${admin.token}` }, boardEventsSubscription(start));
    await ok(admin.call(moveLead(leadId, stages[2].id, 0)));
    const [first] = await live.waitFor(1);
    expect(first!.data.boardEvents).toMatchObject({
      type: 'MOVED',
      leadId,
      lead: { id: leadId, stage: { id: stages[2].id, name: stages[2].name }, assignee: { id: consultants[0]!.id } },
    });
    expect(first!.data.boardEvents.lead.assignee.name).toMatch(/^Ana/);
    const seen = first!.data.boardEvents.cursor as string;
    await live.close();

    // While nobody listens, the lead moves twice.
    await ok(admin.call(moveLead(leadId, stages[3].id, 0)));
    await ok(admin.call(moveLead(leadId, stages[1].id, 0)));

    const resumed = subscriber(platform.wsUrl, { authorization: `Bearer ${admin.token}` }, boardEventsSubscription(seen));
    const missed = await resumed.waitFor(2);
    // The events say where the lead went; `lead` is resolved now, so it shows where it is.
    expect(missed.map((r) => r.data.boardEvents.toStageId)).toEqual([stages[3].id, stages[1].id]);
    expect(missed.map((r) => r.data.boardEvents.lead.stage.id)).toEqual([stages[1].id, stages[1].id]);
    expect(BigInt(missed[0]!.data.boardEvents.cursor)).toBeGreaterThan(BigInt(seen));
    // And it keeps following live events after catching up.
    await ok(admin.call(moveLead(leadId, stages[0].id, 0)));
    const all = await resumed.waitFor(3);
    expect(all[2]!.data.boardEvents.lead.stage.id).toBe(stages[0].id);
    expect(resumed.results).toHaveLength(3);
    await resumed.close();
  });

  test('assigning a lead reaches board subscribers with the new assignee', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const leadId = (await ok(admin.call(createLead({ name: 'To be assigned' })))).createLead.id;
    const start = (await ok(admin.call(boardCursor))).boardCursor as string;
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${admin.token}` }, boardEventsSubscription(start));
    await ok(admin.call(assignLead(leadId, consultants[1]!.id)));
    const [event] = await live.waitFor(1);
    expect(event!.data.boardEvents).toMatchObject({ type: 'UPDATED', leadId, lead: { assignee: { id: consultants[1]!.id } } });
    await live.close();
  });

  test('a consultant only receives events of their own leads', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const mine = (await ok(admin.call(createLead({ name: 'Mine' })))).createLead.id;
    const other = (await ok(admin.call(createLead({ name: 'Not mine' })))).createLead.id;
    await ok(admin.call(assignLead(mine, consultants[0]!.id)));
    const stages = (await ok(admin.call(board()))).board.columns.map((c: any) => c.stage);
    const start = (await ok(consultants[0]!.call(boardCursor))).boardCursor as string;
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${consultants[0]!.token}` }, boardEventsSubscription(start));
    await ok(admin.call(moveLead(other, stages[1].id, 0)));
    await ok(admin.call(moveLead(mine, stages[1].id, 0)));
    const [event] = await live.waitFor(1);
    expect(event!.data.boardEvents.leadId).toBe(mine);
    await new Promise((r) => setTimeout(r, 300));
    expect(live.results).toHaveLength(1);
    await live.close();
  });

  test('an open subscription closes with 4403 once its user is deactivated', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const leadId = (await ok(admin.call(createLead({ name: 'Wakes everyone' })))).createLead.id;
    const stages = (await ok(admin.call(board()))).board.columns.map((c: any) => c.stage);
    const start = (await ok(consultants[1]!.call(boardCursor))).boardCursor as string;
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${consultants[1]!.token}` }, boardEventsSubscription(start));
    await ok(admin.call({
      query: 'mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }',
      variables: { id: consultants[1]!.id },
    }));
    await ok(admin.call(moveLead(leadId, stages[1].id, 0)));
    expect(await live.waitForClose()).toBe(4403);
    expect(live.results).toHaveLength(0);
  });

  test('closes with 4403 when a consultant follows a lead that is not theirs, or when unauthenticated', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const leadId = (await ok(admin.call(createLead({ name: 'Someone else' })))).createLead.id;
    const sub = subscriber(platform.wsUrl, { authorization: `Bearer ${consultants[1]!.token}` }, messageAddedSubscription(leadId));
    expect(await sub.waitForClose()).toBe(4403);
    const anonymous = subscriber(platform.wsUrl, {}, boardEventsSubscription());
    expect(await anonymous.waitForClose()).toBe(4403);
    const forged = subscriber(platform.wsUrl, { authorization: 'Bearer not-a-token' }, boardEventsSubscription());
    expect(await forged.waitForClose()).toBe(4403);
  });
});

describe('messageAdded', () => {
  test('follows one lead’s chat with federated fields, and ignores other leads', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const leadId = (await ok(admin.call(createLead({ name: 'Chat lead', phone: '+5511987650201' })))).createLead.id;
    const otherId = (await ok(admin.call(createLead({ name: 'Other chat', phone: '+5511987650202' })))).createLead.id;
    await ok(admin.call(assignLead(leadId, consultants[0]!.id)));
    const head = await ok(consultants[0]!.call({ query: 'query($leadId: ID!) { messageCursor(leadId: $leadId) }', variables: { leadId } }));
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${consultants[0]!.token}` }, {
      query: 'subscription($leadId: ID!, $after: String) { messageAdded(leadId: $leadId, after: $after) { body status lead { id name assignee { id } } } }',
      variables: { leadId, after: head.messageCursor },
    });
    await ok(admin.call(sendMessage(otherId, 'not for you')));
    await ok(consultants[0]!.call(sendMessage(leadId, 'Olá! Podemos falar sobre o financiamento?')));
    const [first] = await live.waitFor(1);
    expect(first!.data.messageAdded).toMatchObject({
      body: 'Olá! Podemos falar sobre o financiamento?',
      status: 'QUEUED',
      lead: { id: leadId, name: 'Chat lead', assignee: { id: consultants[0]!.id } },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(live.results).toHaveLength(1);
    await live.close();
  });
});
