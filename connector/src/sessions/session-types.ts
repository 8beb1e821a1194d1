import type { BaileysEventMap } from '@whiskeysockets/baileys';

export type SessionRole = 'AGENT' | 'TEAM';
/** The conversations subgraph's `WhatsAppSessionStatus`. */
export type SessionStatus =
  | 'STARTING'
  | 'WAITING_FOR_PAIRING'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'RECONNECTING'
  | 'LOGGED_OUT'
  | 'REPLACED'
  | 'STOPPED';

/** `reportWhatsAppSession`'s input: the whole state each time, so a lost report heals with the next. */
export interface SessionReport {
  sessionId: string;
  role: SessionRole;
  status: SessionStatus;
  qr: string | null;
  pairingCode: string | null;
  lastError: string | null;
  phone: string | null;
}

export type ConnectionUpdate = BaileysEventMap['connection.update'];

/** What the runner uses of a Baileys socket; a `WASocket` is one. */
export interface WASocketLike {
  ev: {
    on(event: 'connection.update', listener: (update: ConnectionUpdate) => void): void;
    off(event: 'connection.update', listener: (update: ConnectionUpdate) => void): void;
  };
  end(error: Error | undefined): unknown;
  requestPairingCode(phoneNumber: string): Promise<string>;
  user?: { id: string } | undefined;
}

/** Gets each new socket; may return what to undo when that socket is retired (`ev.process` returns one). */
export type SocketListener<S> = (sock: S) => void | (() => void);

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RunnerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
