// WhatsApp sessions: their lifecycle, and their auth state kept encrypted in
// PostgreSQL through the conversations subgraph.
import type { WASocket } from '@whiskeysockets/baileys';
import type { ApiRequest } from '../api-client.ts';
import { readAuthKey } from './auth-crypto.ts';
import { createAuthStore } from './auth-state.ts';
import { createBaileysSocketFactory } from './baileys-socket.ts';
import { createGraphqlAuthBackend } from './graphql-auth-backend.ts';
import { createGraphqlSessionReport } from './graphql-session-report.ts';
import { createSessionRunner, type RunnerLog, type SessionRole, type SessionRunner } from './session-runner.ts';

export { AuthDecryptError, createAuthCipher, readAuthKey } from './auth-crypto.ts';
export { createAuthStore, type AuthBackend, type AuthStore, type LoadedAuth } from './auth-state.ts';
export { createBackoff } from './backoff.ts';
export { createGraphqlAuthBackend } from './graphql-auth-backend.ts';
export * from './session-runner.ts';

export interface WhatsAppSessionOptions {
  sessionId: string;
  role: SessionRole;
  /** Pair by code on this number instead of by QR. */
  phone?: string;
  log: RunnerLog;
  /** The connector's client of the router (its service key). */
  request: ApiRequest;
  /** Defaults to WHATSAPP_AUTH_KEY. */
  authKey?: Buffer;
}

/** One real Baileys session, reported to and stored in Leadwire. Call `start()`. */
export function createWhatsAppSession(opts: WhatsAppSessionOptions): SessionRunner<WASocket> {
  const { request } = opts;
  return createSessionRunner<WASocket>({
    config: { sessionId: opts.sessionId, role: opts.role, phone: opts.phone },
    auth: createAuthStore({ backend: createGraphqlAuthBackend(request), sessionId: opts.sessionId, key: opts.authKey ?? readAuthKey() }),
    makeSocket: createBaileysSocketFactory(opts.log),
    report: createGraphqlSessionReport(request),
    log: opts.log,
  });
}
