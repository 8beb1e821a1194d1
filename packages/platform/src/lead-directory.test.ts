import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheWhatsAppLeads, type LeadDirectory } from './lead-directory.ts';
import { channels, closePubSub, createPubSub, wake } from './pubsub.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const open: ReturnType<typeof createPubSub>[] = [];
afterEach(() => open.splice(0).forEach(closePubSub));

/** The leads subgraph's answers, counting what it was asked. */
function leadsSubgraph() {
  const leads = new Map<string, string>();
  const asked: string[][] = [];
  let during: (() => Promise<void>) | null = null;
  const directory = {
    async ensureWhatsAppLeads(_workspaceId: string, contacts: Array<{ phone: string }>) {
      asked.push(contacts.map((c) => c.phone));
      await during?.();
      return new Map(contacts.map(({ phone }) => [phone, leads.get(phone) ?? leads.set(phone, randomUUID()).get(phone)!]));
    },
  } as unknown as LeadDirectory;
  return { directory, asked, leads, whileAsked: (fn: () => Promise<void>) => void (during = fn) };
}

async function setUp() {
  const pubsub = createPubSub(redisUrl);
  const publisher = createPubSub(redisUrl);
  open.push(pubsub, publisher);
  const leads = leadsSubgraph();
  const workspaceId = randomUUID();
  const cached = cacheWhatsAppLeads(leads.directory, pubsub);
  const ensure = (...phones: string[]) => cached.ensureWhatsAppLeads(workspaceId, phones.map((phone) => ({ phone, name: null })));
  const boardWake = () => wake(publisher, channels.board(workspaceId), { workspaceId, cursor: '1' }, (err) => { throw err; });
  // Remembering starts once the workspace's board channel is subscribed.
  await ensure('+5511900000000');
  await vi.waitFor(async () => {
    const before = leads.asked.length;
    await ensure('+5511900000000');
    expect(leads.asked.length).toBe(before);
  });
  leads.asked.length = 0;
  return { pubsub, leads, ensure, boardWake, workspaceId, cached };
}

describe('cacheWhatsAppLeads', () => {
  it('asks the leads subgraph only for numbers it does not remember', async () => {
    const { leads, ensure } = await setUp();
    const first = await ensure('+5511911111111', '+5511922222222');
    const second = await ensure('+5511911111111', '+5511922222222', '+5511933333333');
    expect(leads.asked).toEqual([['+5511911111111', '+5511922222222'], ['+5511933333333']]);
    expect(second.get('+5511911111111')).toBe(first.get('+5511911111111'));
    expect(second.get('+5511933333333')).toBe(leads.leads.get('+5511933333333'));
  });

  it('says from memory alone whether it knows every number of a batch', async () => {
    const { leads, ensure, cached, workspaceId, boardWake } = await setUp();
    const known = await ensure('+5511911111111', '+5511922222222');
    expect(cached.remembered(workspaceId, ['+5511911111111', '+5511922222222'])).toEqual(known);
    expect(cached.remembered(workspaceId, ['+5511911111111', '+5511944444444'])).toBeNull();
    expect(cached.remembered(randomUUID(), ['+5511911111111'])).toBeNull();
    await boardWake();
    await vi.waitFor(() => expect(cached.remembered(workspaceId, ['+5511911111111'])).toBeNull());
    expect(leads.asked).toEqual([['+5511911111111', '+5511922222222']]);
  });

  it('forgets the workspace when its board wakes up (a lead created, changed or deleted)', async () => {
    const { leads, ensure, boardWake } = await setUp();
    await ensure('+5511911111111');
    // The lead was deleted: the leads subgraph now answers with a new one.
    leads.leads.set('+5511911111111', randomUUID());
    await boardWake();
    await vi.waitFor(async () => expect((await ensure('+5511911111111')).get('+5511911111111')).toBe(leads.leads.get('+5511911111111')));
    expect(leads.asked.length).toBeGreaterThanOrEqual(2);
  });

  it('does not keep an answer asked for while the board woke up', async () => {
    const { pubsub, leads, ensure, boardWake, workspaceId } = await setUp();
    leads.whileAsked(async () => {
      // The wake-up reaches the cache (the same subscriber delivers it to both) before the answer comes back.
      let delivered!: () => void;
      const reached = new Promise<void>((resolve) => (delivered = resolve));
      const id = await pubsub.subscribe(channels.board(workspaceId), () => delivered());
      await boardWake();
      await reached;
      pubsub.unsubscribe(id);
    });
    await ensure('+5511911111111');
    leads.whileAsked(async () => undefined);
    await ensure('+5511911111111');
    expect(leads.asked).toEqual([['+5511911111111'], ['+5511911111111']]);
  });

  it('remembers nothing while its subscription to wake-ups is down', async () => {
    const { pubsub, leads, ensure } = await setUp();
    await ensure('+5511911111111');
    pubsub.getSubscriber().disconnect();
    await vi.waitFor(() => expect(pubsub.getSubscriber().status).toBe('end'));
    await ensure('+5511911111111');
    await ensure('+5511911111111');
    expect(leads.asked).toEqual([['+5511911111111'], ['+5511911111111'], ['+5511911111111']]);
    // Back, and subscribed again, it remembers again.
    await pubsub.getSubscriber().connect();
    await ensure('+5511911111111');
    await ensure('+5511911111111');
    expect(leads.asked).toHaveLength(4);
  });
});
