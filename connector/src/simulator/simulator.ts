import type { SessionConfig } from '../config.ts';
import type { ConnectorSocket, SocketSource } from '../socket-source.ts';
import { createMediaHost } from './media-host.ts';
import type { ChatAddress, LeadChange } from './lead-changes.ts';
import {
  createSimulatedSocket,
  type LeadMedia,
  type ReceiptDelays,
  type SimulatedSocketOptions,
  type SimulatedSocket,
} from './simulated-socket.ts';
import { createThreadStore, type SimMessage } from './threads.ts';

export class SimulatorError extends Error {
  constructor(
    readonly code: 'UNKNOWN_SESSION' | 'NOT_CONNECTED',
    message: string,
  ) {
    super(message);
  }
}

export interface SimulatorOptions {
  receiptDelaysMs?: ReceiptDelays;
  logger?: SimulatedSocketOptions['logger'];
}

interface SimSession extends SessionConfig {
  ownPhone: string;
  socket: SimulatedSocket | null;
  listeners: ((sock: ConnectorSocket) => void)[];
  stopped: boolean;
}

/**
 * WhatsApp for development and demos: the connector's sessions are numbers in
 * it, leads write to them (`receive`), and every thread is kept for reading
 * back (`thread`). Each session's sockets come from `source(session)`, the
 * same seam the Baileys session runner fills in production.
 */
export function createSimulator(opts: SimulatorOptions = {}) {
  const threads = createThreadStore();
  const sessions = new Map<string, SimSession>();
  const mediaHost = createMediaHost();

  const connect = (session: SimSession) => {
    session.socket = createSimulatedSocket({
      sessionId: session.id,
      ownPhone: session.ownPhone,
      threads,
      receiptDelaysMs: opts.receiptDelaysMs,
      logger: opts.logger,
      mediaHost,
    });
    for (const listener of session.listeners) listener(session.socket);
  };

  /** Leads write to the AI agent's number unless they pick another session. */
  const pick = (sessionId?: string): SimSession => {
    const session = sessionId ? sessions.get(sessionId) : [...sessions.values()].find((s) => s.kind === 'AGENT') ?? sessions.values().next().value;
    if (!session) throw new SimulatorError('UNKNOWN_SESSION', sessionId ? `no session "${sessionId}"` : 'no session');
    return session;
  };

  const open = (sessionId?: string): SimulatedSocket => {
    const session = pick(sessionId);
    if (!session.socket?.isOpen) throw new SimulatorError('NOT_CONNECTED', `session "${session.id}" is not connected`);
    return session.socket;
  };

  return {
    /**
     * The socket source of one session. Its number is made up and stable
     * (+55 11 90000-00NN by registration order).
     */
    source(config: SessionConfig): SocketSource {
      if (sessions.has(config.id)) throw new Error(`session "${config.id}" is already simulated`);
      const session: SimSession = {
        ...config,
        ownPhone: `+55119000000${String(sessions.size + 1).padStart(2, '0')}`,
        socket: null,
        listeners: [],
        stopped: false,
      };
      sessions.set(config.id, session);
      return {
        onSocket(listener) {
          session.listeners.push(listener);
          if (session.stopped) return;
          // The first listener gets a fresh socket (and sees it open); later ones the current one.
          if (!session.socket) connect(session);
          else listener(session.socket);
        },
        async stop() {
          session.stopped = true;
          await session.socket?.end(undefined);
        },
      };
    },

    /** Drops a session's connection and hands out a new socket, as a reconnect does. */
    async reconnect(sessionId: string): Promise<void> {
      const session = pick(sessionId);
      await session.socket?.end(new Error('Connection Lost'));
      if (!session.stopped) connect(session);
    },

    /**
     * A lead's message to a session (default: the AGENT one); returns its
     * WhatsApp id. With `lid`, the chat is addressed by that LID, as WhatsApp
     * does for privacy (and with `hideNumber`, without the phone beside it).
     */
    receive(input: ChatAddress & { name?: string; text: string; session?: string }): { id: string; session: string } {
      return { id: open(input.session).receive(input), session: pick(input.session).id };
    },

    /** The lead reacts to a message of their thread (an empty emoji takes it back); resolves to the reaction's id. */
    async react(input: Omit<LeadChange, 'id'> & { emoji: string; session?: string }): Promise<string> {
      return open(input.session).react(input);
    },

    /** The lead edits one of their messages. */
    async edit(input: Omit<LeadChange, 'id' | 'targetFromLead'> & { text: string; session?: string }): Promise<string> {
      return open(input.session).edit(input);
    },

    /** The lead deletes one of their messages for everyone. */
    async revoke(input: Omit<LeadChange, 'id' | 'targetFromLead'> & { session?: string }): Promise<string> {
      return open(input.session).revoke(input);
    },

    /** WhatsApp tells a session which number a LID stands for. */
    shareLid(input: { lid: string; phone: string; session?: string }): void {
      open(input.session).shareLid(input.lid, input.phone);
    },

    /**
     * A lead sends a file (with `text` as its caption) to a session; resolves
     * once it is encrypted, uploaded to the simulator's media host and
     * delivered, with its WhatsApp id.
     */
    async receiveMedia(input: { from: string; name?: string; text?: string; media: LeadMedia; session?: string }): Promise<{ id: string; session: string }> {
      const session = pick(input.session);
      if (!session.socket?.isOpen) throw new SimulatorError('NOT_CONNECTED', `session "${session.id}" is not connected`);
      return { id: await session.socket.receiveMedia(input), session: session.id };
    },

    /** Makes a media URL answer 410 Gone, as WhatsApp's does for old media (tests). */
    expireMedia(url: string): void {
      mediaHost.expire(url);
    },

    /** Closes the media host and deletes its files; sessions end through their sources. */
    async close(): Promise<void> {
      await mediaHost.close();
    },

    /** Everything between a lead and our sessions, oldest first. */
    thread(phone: string): SimMessage[] {
      return threads.thread(phone);
    },

    /** The current socket of a session, for tests. */
    socket(sessionId: string): SimulatedSocket | null {
      return sessions.get(sessionId)?.socket ?? null;
    },
  };
}

export type Simulator = ReturnType<typeof createSimulator>;
