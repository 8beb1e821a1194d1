import type { BaileysEventMap } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSocket, SocketSource } from '../socket-source.ts';
import { createSimulator, SimulatorError } from './simulator.ts';

const LEAD = '+5511987654321';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sources: SocketSource[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});

function attach(source: SocketSource) {
  sources.push(source);
  const sockets: ConnectorSocket[] = [];
  const upserts: { socket: number; event: BaileysEventMap['messages.upsert'] }[] = [];
  source.onSocket((sock) => {
    const index = sockets.push(sock) - 1;
    sock.ev.process(async (events) => {
      if (events['messages.upsert']) upserts.push({ socket: index, event: events['messages.upsert'] });
    });
  });
  return { sockets, upserts };
}

describe('createSimulator', () => {
  it("sends a lead's message to the AGENT session unless another is named", async () => {
    const sim = createSimulator({ receiptDelaysMs: [5, 10, 15] });
    const team = attach(sim.source({ id: 'team', kind: 'TEAM' }));
    const agent = attach(sim.source({ id: 'agent', kind: 'AGENT' }));
    await sleep(5);
    expect(sim.receive({ from: LEAD, text: 'oi' }).session).toBe('agent');
    expect(sim.receive({ from: LEAD, text: 'time?', session: 'team' }).session).toBe('team');
    expect(agent.upserts.map((u) => u.event.messages[0]!.message?.conversation)).toEqual(['oi']);
    expect(team.upserts.map((u) => u.event.messages[0]!.message?.conversation)).toEqual(['time?']);
  });

  it("keeps one thread per phone across sessions and directions, oldest first", async () => {
    const sim = createSimulator({ receiptDelaysMs: [5, 10, 15] });
    attach(sim.source({ id: 'agent', kind: 'AGENT' }));
    attach(sim.source({ id: 'team', kind: 'TEAM' }));
    await sleep(5);
    const first = sim.receive({ from: LEAD, name: 'Maria', text: 'Oi' }).id;
    await sim.socket('agent')!.sendMessage('5511987654321@s.whatsapp.net', { text: 'Olá! Como posso ajudar?' }, { messageId: 'OUT1' });
    await sim.socket('team')!.sendMessage('5511987654321@s.whatsapp.net', { text: 'Sou a Ana, consultora' }, { messageId: 'OUT2' });
    sim.receive({ from: '+5521999998888', text: 'outro lead' });
    await sleep(40);
    const thread = sim.thread(LEAD);
    expect(thread.map((m) => [m.id, m.session, m.direction, m.status, m.text])).toEqual([
      [first, 'agent', 'IN', 'RECEIVED', 'Oi'],
      ['OUT1', 'agent', 'OUT', 'READ', 'Olá! Como posso ajudar?'],
      ['OUT2', 'team', 'OUT', 'READ', 'Sou a Ana, consultora'],
    ]);
    expect(thread.every((m, i) => i === 0 || m.at >= thread[i - 1]!.at)).toBe(true);
    // A copy: changing it changes nothing.
    thread[0]!.text = 'changed';
    expect(sim.thread(LEAD)[0]!.text).toBe('Oi');
  });

  it('names an unknown or disconnected session', async () => {
    const sim = createSimulator();
    expect(() => sim.receive({ from: LEAD, text: 'oi' })).toThrow(SimulatorError);
    const source = sim.source({ id: 'agent', kind: 'AGENT' });
    attach(source);
    await sleep(5);
    expect(() => sim.receive({ from: LEAD, text: 'oi', session: 'nope' })).toThrow(/no session "nope"/);
    await source.stop();
    expect(() => sim.receive({ from: LEAD, text: 'oi' })).toThrow(expect.objectContaining({ code: 'NOT_CONNECTED' }));
  });

  it('hands a new socket to its listeners on reconnect, and a late listener the current one', async () => {
    const sim = createSimulator();
    const source = sim.source({ id: 'agent', kind: 'AGENT' });
    const first = attach(source);
    await sleep(5);
    await sim.reconnect('agent');
    await sleep(5);
    expect(first.sockets).toHaveLength(2);
    expect(first.sockets[0]).not.toBe(first.sockets[1]);
    sim.receive({ from: LEAD, text: 'depois' });
    expect(first.upserts.map((u) => u.socket)).toEqual([1]);
    const late = attach(source);
    expect(late.sockets).toEqual([first.sockets[1]]);
  });

  it('refuses a session registered twice', () => {
    const sim = createSimulator();
    sim.source({ id: 'agent', kind: 'AGENT' });
    expect(() => sim.source({ id: 'agent', kind: 'AGENT' })).toThrow(/already/);
  });
});
