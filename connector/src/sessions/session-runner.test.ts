import { createLogger } from '@leadwire/platform';
import { DisconnectReason, initAuthCreds, makeEventBuffer, type BaileysEventMap } from '@whiskeysockets/baileys';
import { describe, expect, it, vi } from 'vitest';
import type { AuthStore, LoadedAuth } from './auth-state.ts';
import { createBackoff } from './backoff.ts';
import { createSessionRunner, type Clock, type SessionReport } from './session-runner.ts';

const logger = createLogger('test', 'silent');

/** What Baileys closes a socket with: a Boom carrying the disconnect reason. */
const boom = (statusCode: number, message = 'Connection Failure') =>
  Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: { statusCode, error: 'Error', message } } });

const closeWith = (error: Error | undefined): BaileysEventMap['connection.update'] => ({
  connection: 'close',
  lastDisconnect: { error, date: new Date() },
});

/** A socket at the Baileys boundary: Baileys' own event buffer, an `end` that takes a moment, like a real one. */
class FakeSocket {
  ev = makeEventBuffer(logger);
  user: { id: string } | undefined;
  ended = false;
  pairingRequests: string[] = [];
  constructor(private readonly world: World) {}
  emit(update: BaileysEventMap['connection.update']) {
    this.ev.emit('connection.update', update);
  }
  async end() {
    await new Promise((r) => setTimeout(r, 5));
    if (!this.ended) this.world.live--;
    this.ended = true;
    this.emit(closeWith(undefined));
  }
  async requestPairingCode(phone: string) {
    this.pairingRequests.push(phone);
    return 'ABCD1234';
  }
}

interface World {
  live: number;
  overlaps: number;
  sockets: FakeSocket[];
}

function fakeClock() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const clock: Clock = {
    setTimeout: (fn, ms) => (pending.set(++next, { fn, ms }), next),
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    clock,
    delays: () => [...pending.values()].map((t) => t.ms),
    fire() {
      const due = [...pending.values()];
      pending.clear();
      due.forEach((t) => t.fn());
    },
  };
}

function setup({ phone, random = () => 0.5, failReports = false }: { phone?: string; random?: () => number; failReports?: boolean } = {}) {
  const world: World = { live: 0, overlaps: 0, sockets: [] };
  const reports: SessionReport[] = [];
  const timers = fakeClock();
  const loaded: LoadedAuth = { state: { creds: initAuthCreds(), keys: { get: async () => ({}), set: async () => undefined } }, saveCreds: async () => undefined };
  const auth = { load: vi.fn(async () => loaded), clear: vi.fn(async () => undefined) } satisfies AuthStore;
  const runner = createSessionRunner<FakeSocket>({
    config: { sessionId: 'sales-1', role: 'AGENT', phone },
    auth,
    makeSocket: () => {
      if (world.live > 0) world.overlaps++;
      world.live++;
      const sock = new FakeSocket(world);
      world.sockets.push(sock);
      return sock;
    },
    report: async (r) => {
      if (failReports) throw new Error('router down');
      reports.push(r);
    },
    log: { warn: () => undefined, error: () => undefined },
    clock: timers.clock,
    backoff: { random },
  });
  const last = () => world.sockets.at(-1)!;
  const statuses = () => reports.map((r) => r.status);
  return { world, reports, statuses, timers, auth, runner, last };
}

describe('session runner', () => {
  it('pairs by QR, restarts at once on restartRequired, and reports CONNECTED with the paired number', async () => {
    const { runner, last, world, statuses, reports, timers } = setup();
    await runner.start();
    last().emit({ connection: 'connecting' });
    last().emit({ qr: '2@first' });
    last().emit({ qr: '2@second' });
    await runner.idle();
    expect(statuses()).toEqual(['STARTING', 'CONNECTING', 'WAITING_FOR_PAIRING', 'WAITING_FOR_PAIRING']);
    expect(reports.slice(2).map((r) => r.qr)).toEqual(['2@first', '2@second']);

    const paired = last();
    paired.emit(closeWith(boom(DisconnectReason.restartRequired, 'Stream Errored (restart required)')));
    await runner.idle();
    expect(world.sockets).toHaveLength(2);
    expect(paired.ended).toBe(true);
    expect(timers.delays()).toEqual([]);
    last().user = { id: '5511987654321:7@s.whatsapp.net' };
    last().emit({ connection: 'open' });
    await runner.idle();
    expect(reports.at(-1)).toEqual({
      sessionId: 'sales-1',
      role: 'AGENT',
      status: 'CONNECTED',
      qr: null,
      pairingCode: null,
      lastError: null,
      phone: '+5511987654321',
    });
    expect(world.live).toBe(1);
  });

  it('pairs by code when the config gives a phone: one request per socket, however often the QR rotates', async () => {
    const { runner, last, reports } = setup({ phone: '+55 (11) 98765-4321' });
    await runner.start();
    last().emit({ qr: '2@first' });
    last().emit({ qr: '2@second' });
    await runner.idle();
    await runner.idle();
    expect(last().pairingRequests).toEqual(['5511987654321']);
    expect(reports.at(-1)).toMatchObject({ status: 'WAITING_FOR_PAIRING', pairingCode: 'ABCD1234', qr: null });
  });

  it('loggedOut: LOGGED_OUT, auth state cleared, nothing reconnects until pair()', async () => {
    const { runner, last, world, statuses, auth, timers } = setup();
    await runner.start();
    last().user = { id: '5511987654321@s.whatsapp.net' };
    last().emit({ connection: 'open' });
    last().emit(closeWith(boom(DisconnectReason.loggedOut, 'Connection Failure')));
    await runner.idle();
    expect(statuses().slice(-2)).toEqual(['CONNECTED', 'LOGGED_OUT']);
    expect(auth.clear).toHaveBeenCalledTimes(1);
    expect(world.sockets).toHaveLength(1);
    expect(world.live).toBe(0);
    expect(timers.delays()).toEqual([]);
    expect(runner.status()).toBe('LOGGED_OUT');

    await runner.pair();
    await runner.idle();
    expect(auth.clear).toHaveBeenCalledTimes(2);
    expect(world.sockets).toHaveLength(2);
    last().emit({ qr: '2@again' });
    await runner.idle();
    expect(statuses().slice(-2)).toEqual(['STARTING', 'WAITING_FOR_PAIRING']);
  });

  it('connectionReplaced: REPLACED and stops, keeping the auth state; start() takes the session back', async () => {
    const { runner, last, world, statuses, auth, timers } = setup();
    await runner.start();
    last().emit({ connection: 'open' });
    last().emit(closeWith(boom(DisconnectReason.connectionReplaced, 'Stream Errored (conflict)')));
    await runner.idle();
    expect(statuses().at(-1)).toBe('REPLACED');
    expect(auth.clear).not.toHaveBeenCalled();
    expect(world.live).toBe(0);
    expect(timers.delays()).toEqual([]);
    await runner.start();
    await runner.idle();
    expect(world.sockets).toHaveLength(2);
    expect(auth.load).toHaveBeenCalledTimes(1);
  });

  it('badSession: clears the keys, loads fresh state and goes back to pairing', async () => {
    const { runner, last, world, statuses, auth, reports } = setup();
    await runner.start();
    last().emit(closeWith(boom(DisconnectReason.badSession, 'Bad MAC')));
    await runner.idle();
    expect(auth.clear).toHaveBeenCalledTimes(1);
    expect(auth.load).toHaveBeenCalledTimes(2);
    expect(world.sockets).toHaveLength(2);
    expect(reports.at(-1)).toMatchObject({ status: 'STARTING', lastError: 'Bad MAC' });
    last().emit({ qr: '2@fresh' });
    await runner.idle();
    expect(statuses().at(-1)).toBe('WAITING_FOR_PAIRING');
  });

  it.each([
    ['connectionClosed', DisconnectReason.connectionClosed],
    ['connectionLost', DisconnectReason.connectionLost],
    ['timedOut', DisconnectReason.timedOut],
    ['multideviceMismatch', DisconnectReason.multideviceMismatch],
    ['forbidden', DisconnectReason.forbidden],
    ['unavailableService', DisconnectReason.unavailableService],
  ])('%s: RECONNECTING, and a new socket only when the backoff timer fires', async (_name, code) => {
    const { runner, last, world, reports, timers } = setup({ random: () => 0.5 });
    await runner.start();
    last().emit({ connection: 'open' });
    last().emit(closeWith(boom(code, 'Connection Closed')));
    await runner.idle();
    expect(reports.at(-1)).toMatchObject({ status: 'RECONNECTING', lastError: 'Connection Closed' });
    expect(timers.delays()).toEqual([500]);
    expect(world.sockets).toHaveLength(1);
    expect(world.live).toBe(0);
    timers.fire();
    await runner.idle();
    expect(world.sockets).toHaveLength(2);
    expect(world.live).toBe(1);
  });

  it('a close without an error reconnects with backoff too', async () => {
    const { runner, last, statuses, timers } = setup();
    await runner.start();
    last().emit(closeWith(undefined));
    await runner.idle();
    expect(statuses().at(-1)).toBe('RECONNECTING');
    expect(timers.delays()).toHaveLength(1);
  });

  it('backoff doubles from 1 s to the 60 s cap, jittered below each ceiling, and an open resets it', async () => {
    const { runner, last, timers } = setup({ random: () => 0.999 });
    await runner.start();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      last().emit(closeWith(boom(DisconnectReason.connectionLost)));
      await runner.idle();
      delays.push(...timers.delays());
      timers.fire();
      await runner.idle();
    }
    expect(delays).toEqual([999, 1998, 3996, 7992, 15984, 31968, 59940, 59940, 59940]);
    last().emit({ connection: 'open' });
    last().emit(closeWith(boom(DisconnectReason.connectionLost)));
    await runner.idle();
    expect(timers.delays()).toEqual([999]);

    const jittered = createBackoff({ random: Math.random });
    const seen = Array.from({ length: 200 }, () => jittered.next());
    seen.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(60_000, 1_000 * 2 ** n));
    });
    // Full jitter: the same attempt does not always wait the same.
    expect(new Set(seen.slice(-50)).size).toBeGreaterThan(40);
  });

  it('never has two sockets at once, however fast closes come, and ignores a retired socket', async () => {
    const { runner, last, world, timers } = setup();
    await runner.start();
    const first = last();
    for (let i = 0; i < 5; i++) first.emit(closeWith(boom(DisconnectReason.restartRequired)));
    first.emit(closeWith(boom(DisconnectReason.loggedOut)));
    await runner.idle();
    // One restart for the first close; the rest were about a socket already gone.
    expect(world.sockets).toHaveLength(2);
    for (let round = 0; round < 10; round++) {
      const sock = last();
      sock.emit(closeWith(boom(DisconnectReason.connectionClosed)));
      sock.emit(closeWith(boom(DisconnectReason.restartRequired)));
      timers.fire();
      await Promise.resolve();
      timers.fire();
    }
    await runner.idle();
    timers.fire();
    await runner.idle();
    expect(world.overlaps).toBe(0);
    expect(world.live).toBe(1);
    expect(world.sockets.filter((s) => !s.ended)).toEqual([last()]);
    expect(runner.socket()).toBe(last());
    await runner.stop();
    expect(world.live).toBe(0);
    expect(runner.status()).toBe('STOPPED');
  });

  it('hands each new socket to onSocket listeners, undoes them when the socket is retired, and catches up a late one', async () => {
    const { runner, last, timers } = setup();
    const seen: FakeSocket[] = [];
    const undone: FakeSocket[] = [];
    runner.onSocket((sock) => {
      seen.push(sock);
      return () => undone.push(sock);
    });
    await runner.start();
    const first = last();
    first.emit(closeWith(boom(DisconnectReason.connectionClosed)));
    await runner.idle();
    timers.fire();
    await runner.idle();
    expect(seen).toEqual([first, last()]);
    expect(undone).toEqual([first]);
    const late: FakeSocket[] = [];
    runner.onSocket((sock) => void late.push(sock));
    expect(late).toEqual([last()]);
  });

  it('stop() ends the socket, cancels a pending reconnect and reports STOPPED; failed reports do not stop the session', async () => {
    const { runner, last, world, timers } = setup({ failReports: true });
    await runner.start();
    last().emit(closeWith(boom(DisconnectReason.connectionClosed)));
    await runner.idle();
    expect(timers.delays()).toHaveLength(1);
    expect(runner.status()).toBe('RECONNECTING');
    await runner.stop();
    expect(timers.delays()).toEqual([]);
    expect(runner.status()).toBe('STOPPED');
    expect(world.live).toBe(0);
  });
});
