import { DisconnectReason, jidDecode } from '@whiskeysockets/baileys';
import type { AuthStore, LoadedAuth } from './auth-state.ts';
import { createBackoff, type BackoffOptions } from './backoff.ts';
import type { Clock, ConnectionUpdate, RunnerLog, SessionReport, SessionRole, SessionStatus, SocketListener, WASocketLike } from './session-types.ts';

export type * from './session-types.ts';

export interface SessionRunnerOptions<S extends WASocketLike> {
  /** `phone` (any format, digits are kept): pair by code on that number instead of by QR. */
  config: { sessionId: string; role: SessionRole; phone?: string };
  auth: AuthStore;
  makeSocket: (auth: LoadedAuth) => S;
  report: (report: SessionReport) => Promise<void>;
  log: RunnerLog;
  clock?: Clock;
  backoff?: BackoffOptions;
}

const realClock: Clock = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
// restartRequired comes once after pairing; a server that keeps sending it gets the backoff.
const QUICK_RESTARTS = 2;

/**
 * Runs one WhatsApp session: at most one socket at a time (the old one is
 * ended before a new one is made, every transition queued behind the last),
 * pairing by QR or code, reconnecting by WhatsApp's disconnect reason, and
 * reporting every status change.
 */
export function createSessionRunner<S extends WASocketLike>(opts: SessionRunnerOptions<S>) {
  const { sessionId, role } = opts.config;
  const clock = opts.clock ?? realClock;
  const backoff = createBackoff(opts.backoff);
  const listeners = new Set<SocketListener<S>>();
  let current: { sock: S; onUpdate: (u: ConnectionUpdate) => void; cleanups: Array<() => void> } | null = null;
  let auth: LoadedAuth | null = null;
  // false once stopped, logged out or replaced: nothing reconnects until start() or pair().
  let running = false;
  let mustClear = false;
  let timer: unknown = null;
  let pairingRequested = false;
  let quickRestarts = 0;
  let state: Omit<SessionReport, 'sessionId' | 'role'> = { status: 'STOPPED', qr: null, pairingCode: null, lastError: null, phone: null };

  let chain: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>): Promise<void> =>
    (chain = chain.then(work).catch((err) => opts.log.error({ err: describe(err) }, 'whatsapp session transition failed')));

  let reports: Promise<void> = Promise.resolve();
  function setStatus(status: SessionStatus, extra: Partial<typeof state> = {}) {
    state = { ...state, status, qr: null, pairingCode: null, ...extra };
    const snapshot: SessionReport = { sessionId, role, ...state };
    reports = reports
      .then(() => opts.report(snapshot))
      .catch((err) => opts.log.warn({ err: describe(err), status }, 'whatsapp session status not reported'));
  }

  function attach(entry: NonNullable<typeof current>, listener: SocketListener<S>) {
    try {
      const undo = listener(entry.sock);
      if (typeof undo === 'function') entry.cleanups.push(undo);
    } catch (err) {
      opts.log.error({ err: describe(err) }, 'socket listener failed');
    }
  }

  async function retire() {
    const entry = current;
    if (!entry) return;
    current = null;
    entry.sock.ev.off('connection.update', entry.onUpdate);
    for (const undo of entry.cleanups) {
      try {
        undo();
      } catch {
        // The socket is going away; nothing left to undo on it.
      }
    }
    try {
      await entry.sock.end(undefined);
    } catch {
      // Ending a socket that already closed may throw; it is closed either way.
    }
  }

  async function connect() {
    cancelTimer();
    await retire();
    if (!running) return;
    try {
      if (mustClear) {
        auth = null;
        await opts.auth.clear();
        mustClear = false;
      }
      auth ??= await opts.auth.load();
      const sock = opts.makeSocket(auth);
      const entry = { sock, onUpdate: (u: ConnectionUpdate) => void serial(() => onUpdate(sock, u)), cleanups: [] as Array<() => void> };
      current = entry;
      pairingRequested = false;
      sock.ev.on('connection.update', entry.onUpdate);
      for (const listener of listeners) attach(entry, listener);
    } catch (err) {
      retryLater(err);
    }
  }

  function retryLater(err: unknown) {
    cancelTimer();
    const delay = backoff.next();
    setStatus('RECONNECTING', { lastError: describe(err).message });
    timer = clock.setTimeout(() => {
      timer = null;
      void serial(connect);
    }, delay);
  }

  function cancelTimer() {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  async function onUpdate(sock: S, { connection, qr, lastDisconnect }: ConnectionUpdate) {
    // Events of a socket already replaced (or queued before it was) are history.
    if (current?.sock !== sock) return;
    if (connection === 'close') return onClose(lastDisconnect?.error);
    if (connection === 'open') {
      backoff.reset();
      quickRestarts = 0;
      setStatus('CONNECTED', { lastError: null, phone: phoneOf(sock.user?.id) ?? state.phone });
      return;
    }
    if (qr) return onQr(sock, qr);
    if (connection === 'connecting' && state.status !== 'CONNECTING') setStatus('CONNECTING');
  }

  function onQr(sock: S, qr: string) {
    const phone = opts.config.phone?.replace(/\D/g, '');
    if (!phone) return setStatus('WAITING_FOR_PAIRING', { qr });
    // One code per socket: it stays valid while WhatsApp rotates the QR underneath.
    if (pairingRequested) return;
    pairingRequested = true;
    // Not awaited in the queue: a slow answer must not hold up a close.
    sock.requestPairingCode(phone).then(
      (pairingCode) =>
        serial(async () => {
          if (current?.sock === sock) setStatus('WAITING_FOR_PAIRING', { pairingCode });
        }),
      (err) =>
        serial(async () => {
          if (current?.sock !== sock) return;
          pairingRequested = false;
          setStatus('WAITING_FOR_PAIRING', { lastError: describe(err).message });
        }),
    );
  }

  async function onClose(error: Error | undefined) {
    const lastError = error ? describe(error).message : null;
    switch ((error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode) {
      case DisconnectReason.loggedOut:
        // The phone unlinked us: the keys are worthless, and only a person can pair again.
        running = false;
        mustClear = true;
        auth = null;
        await retire();
        setStatus('LOGGED_OUT', { lastError, phone: null });
        try {
          await opts.auth.clear();
          mustClear = false;
        } catch (err) {
          opts.log.warn({ err: describe(err) }, 'auth state not cleared yet; pair() clears it');
        }
        return;
      case DisconnectReason.connectionReplaced:
        // Another connector took this session over; fighting it back would only loop.
        running = false;
        await retire();
        setStatus('REPLACED', { lastError });
        return;
      case DisconnectReason.badSession:
        mustClear = true;
        setStatus('STARTING', { lastError, phone: null });
        return restartOrRetry(error);
      case DisconnectReason.restartRequired:
        setStatus('CONNECTING', { lastError: null });
        return restartOrRetry(error);
      default:
        await retire();
        retryLater(error ?? new Error('Connection closed'));
    }
  }

  async function restartOrRetry(error: Error | undefined) {
    if (quickRestarts++ < QUICK_RESTARTS) return connect();
    await retire();
    retryLater(error);
  }

  return {
    /** Connects with the stored auth state (a QR or code if there is none); also resumes after REPLACED or stop(). */
    start(): Promise<void> {
      if (running) return chain;
      running = true;
      setStatus('STARTING', { lastError: null });
      return serial(connect);
    },
    /** Forgets the stored auth state and pairs afresh: after LOGGED_OUT, or to link another phone. */
    pair(): Promise<void> {
      running = true;
      mustClear = true;
      quickRestarts = 0;
      backoff.reset();
      setStatus('STARTING', { lastError: null, phone: null });
      return serial(connect);
    },
    /** Ends the socket and stops reconnecting; resolves once the STOPPED report went out. */
    async stop(): Promise<void> {
      running = false;
      cancelTimer();
      await serial(async () => {
        await retire();
        setStatus('STOPPED');
      });
      await reports;
    },
    /** Hands every new socket to `listener`, and the current one at once if there is one. */
    onSocket(listener: SocketListener<S>): () => void {
      listeners.add(listener);
      if (current) attach(current, listener);
      return () => void listeners.delete(listener);
    },
    status: (): SessionStatus => state.status,
    socket: (): S | null => current?.sock ?? null,
    /** Resolves once every queued transition and report has run (for tests and shutdown). */
    async idle(): Promise<void> {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
        await reports;
      } while (seen !== chain);
    },
  };
}

export type SessionRunner<S extends WASocketLike> = ReturnType<typeof createSessionRunner<S>>;

function phoneOf(jid: string | undefined): string | null {
  const user = jid ? jidDecode(jid)?.user : undefined;
  return user && /^\d{8,15}$/.test(user) ? `+${user}` : null;
}

// Name and message only, bounded: the report is stored and shown to managers.
function describe(err: unknown): { name: string; message: string } {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'non-Error thrown');
  return { name: e.name, message: e.message.slice(0, 500) };
}
