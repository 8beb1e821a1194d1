import type { WASocket } from '@whiskeysockets/baileys';

/**
 * The part of a Baileys socket the connector uses. A real `WASocket` is one;
 * so is the simulator's, which lets every test and demo run the connector's
 * own code path with no WhatsApp behind it.
 */
export type ConnectorSocket = Pick<WASocket, 'ev' | 'user' | 'sendMessage' | 'sendPresenceUpdate' | 'updateMediaMessage' | 'end'>;

/**
 * Where one session's sockets come from: the simulator, or the Baileys session
 * runner (`connector/src/sessions/`, auth state in PostgreSQL). A source hands
 * over a new socket each time it (re)connects; the connector attaches to it
 * and sends through the latest one once it reports `connection: 'open'`.
 *
 * `onSocket` may be called before or after the first socket exists: a source
 * that already has one hands it to a listener registered late (which then
 * does not see that socket open: register before `start`).
 */
export interface SocketSource {
  /** The listener may return what to undo when the source retires that socket (`ev.process` returns one). */
  onSocket(listener: (sock: ConnectorSocket) => void | (() => void)): void;
  /**
   * Begins connecting, if the source waits to be told (the session runner's
   * `start`). The connector calls it once its listener is registered, so the
   * first socket's `open` is not missed.
   */
  start?(): unknown;
  /** Ends the current socket and stops reconnecting. */
  stop(): Promise<void>;
}

/** What builds the source of one configured session. */
export type SocketSourceFactory = (session: { id: string; kind: 'AGENT' | 'TEAM' }) => SocketSource;
