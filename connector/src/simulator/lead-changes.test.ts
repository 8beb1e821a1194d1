import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDispatcher } from '../events/dispatcher.ts';
import { createMessageHandlers } from '../inbound/handlers.ts';
import { toIngestInputs } from '../inbound/ingest-input.ts';
import { openLidStore } from '../inbound/lid-store.ts';
import { createSimulatedSocket, type SimulatedSocket } from './simulated-socket.ts';
import { createThreadStore } from './threads.ts';

const LEAD = '+5511987654321';
const LID = '208317429321838@lid';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0)) await undo();
});

/** A simulated session driving the connector's own handlers, as live-session attaches them. */
async function session() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sim-changes-'));
  const threads = createThreadStore();
  const sock: SimulatedSocket = createSimulatedSocket({ sessionId: 'agent', ownPhone: '+5511900000001', threads });
  cleanup.push(() => sock.end(undefined), () => fs.rm(dir, { recursive: true, force: true }));
  const ingested: Record<string, unknown>[] = [];
  const handlers = createMessageHandlers({
    sessionId: 'agent',
    defaultRegion: 'BR',
    ingest: async (items) => void ingested.push(...(toIngestInputs(items).inputs as unknown as Record<string, unknown>[])),
    updateStatus: async () => undefined,
    lids: await openLidStore({ dir }),
  });
  const dispatch = createEventDispatcher(handlers, { error: (o) => console.error(o) });
  let last: Promise<void> = Promise.resolve();
  sock.ev.process((events) => (last = dispatch(events)));
  await sleep(5);
  const settled = async () => {
    await sleep(0);
    await last;
  };
  return { sock, threads, ingested, settled };
}

describe('a simulated lead reacts, edits and deletes, as a phone does', () => {
  it('reaches the connector’s handlers as the changes Baileys would emit, and the thread shows them', async () => {
    const { sock, threads, ingested, settled } = await session();
    const id = sock.receive({ from: LEAD, text: 'Quero 200 mil' });
    await sock.react({ from: LEAD, target: id, targetFromLead: true, emoji: '👍' });
    await sock.edit({ from: LEAD, target: id, text: 'Quero 250 mil' });
    await sock.revoke({ from: LEAD, target: id });
    await settled();
    expect(ingested.map((i) => [i.kind ?? 'MESSAGE', i.targetWaMessageId ?? i.waMessageId, i.emoji ?? i.body ?? null])).toEqual([
      ['MESSAGE', id, 'Quero 200 mil'],
      ['REACTION', id, '👍'],
      ['EDIT', id, 'Quero 250 mil'],
      ['REVOKE', id, null],
    ]);
    expect(threads.thread(LEAD)).toEqual([expect.objectContaining({ id, text: 'Quero 250 mil', reaction: '👍', edited: true, deleted: true })]);
  });

  it('a LID chat that hides its number waits for the session to learn it', async () => {
    const { sock, ingested, settled } = await session();
    sock.receive({ from: LEAD, lid: LID, text: 'pelo LID, com o número' });
    sock.receive({ from: '+5521987650001', lid: '111111111111111@lid', hideNumber: true, text: 'sem número' });
    await settled();
    expect(ingested.map((i) => [i.remoteJid, i.phone])).toEqual([[LID, LEAD]]);
    sock.shareLid('111111111111111@lid', '+5521987650001');
    await settled();
    expect(ingested.map((i) => [i.remoteJid, i.phone])).toEqual([
      [LID, LEAD],
      ['111111111111111@lid', '+5521987650001'],
    ]);
  });
});
