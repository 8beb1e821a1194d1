import { describe, expect } from 'vitest';
import { ok, routerCaller, type Caller } from '../test/client.ts';
import { test, type Member } from '../test/fixtures.ts';
import { addMember } from '../test/members.ts';
import { assignLead, board, createApiKey, createLead, lead } from '../test/operations.ts';
import { routerMetrics } from '../test/router-metrics.ts';

const FETCHES = 'leadwire_router_subgraph_fetches_total';
const fetches = async (internalUrl: string) => {
  const metrics = await routerMetrics(internalUrl);
  return { sent: metrics.value(FETCHES, { shared: 'no' }), shared: metrics.value(FETCHES, { shared: 'yes' }) };
};
const cardsOf = (data: any) => data.board.columns.flatMap((c: any) => c.leads.map((l: any) => l.id as string)).sort();

describe('identical reads in flight share one execution, within one visibility class', () => {
  test('twenty boards opened at once by five managers share subgraph fetches; a consultant’s board, sent alongside, stays theirs', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const managers: Member[] = [];
    for (let i = 0; i < 5; i++) managers.push(await addMember(platform, tenant, 'MANAGER', `Manager ${i}`));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await ok(admin.call(createLead({ name: `Shared ${i}` })))).createLead.id);
    for (const id of ids.slice(0, 3)) await ok(admin.call(assignLead(id, consultants[0]!.id)));

    const before = await fetches(platform.routerInternalUrl);
    const [ana, ...boards] = await Promise.all([
      ok(consultants[0]!.call(board())),
      ...Array.from({ length: 20 }, (_, i) => ok(managers[i % 5]!.call(board()))),
    ]);
    const after = await fetches(platform.routerInternalUrl);

    for (const data of boards) expect(cardsOf(data)).toEqual([...ids].sort());
    expect(cardsOf(ana)).toEqual(ids.slice(0, 3).sort());
    const sent = after.sent - before.sent;
    const shared = after.shared - before.shared;
    // 21 boards, each a plan of several fetches: most of the managers' were answered by one already in flight.
    expect(shared).toBeGreaterThan(0);
    expect(sent).toBeLessThan(shared);
  });

  test('reads of different identities in one class are shared but never answers about the caller, nor across classes', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const [ana, bruno] = consultants;
    const managers = [await addMember(platform, tenant, 'MANAGER', 'Carla'), await addMember(platform, tenant, 'MANAGER', 'Davi')];
    const leadId = (await ok(admin.call(createLead({ name: 'Only Ana’s' })))).createLead.id;
    await ok(admin.call(assignLead(leadId, ana!.id)));
    const readKey = (await ok(admin.call(createApiKey('Reader', ['LEADS_READ'])))).createApiKey.secret as string;
    const chatKey = (await ok(admin.call(createApiKey('Chat only', ['MESSAGES_READ'])))).createApiKey.secret as string;
    const withKey = (secret: string): Caller => routerCaller(platform.routerUrl, { authorization: `Bearer ${secret}` });

    const me = { query: 'query Me { me { id } }' };
    const rounds = await Promise.all(
      Array.from({ length: 6 }, () =>
        Promise.all([
          ...managers.map((m) => m.call(me)),
          ana!.call(lead(leadId)),
          bruno!.call(lead(leadId)),
          withKey(readKey)(lead(leadId)),
          withKey(chatKey)(lead(leadId)),
        ]),
      ),
    );
    for (const [carla, davi, asAna, asBruno, asReader, asChat] of rounds) {
      expect(carla!.data.me.id).toBe(managers[0]!.id);
      expect(davi!.data.me.id).toBe(managers[1]!.id);
      expect(asAna!.data.lead).toMatchObject({ id: leadId, name: 'Only Ana’s' });
      expect(asBruno!.data?.lead ?? null).toBeNull();
      expect(asReader!.data.lead).toMatchObject({ id: leadId });
      expect(asChat!.data?.lead ?? null).toBeNull();
    }
  });
});
