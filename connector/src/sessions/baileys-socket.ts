import { createLogger } from '@leadwire/platform';
import { makeCacheableSignalKeyStore, makeWASocket, type WASocket } from '@whiskeysockets/baileys';
import type { LoadedAuth } from './auth-state.ts';
import type { RunnerLog } from './session-runner.ts';

/** The runner's real socket factory: a Baileys socket over the encrypted auth state. */
export function createBaileysSocketFactory(log: RunnerLog) {
  // Baileys logs a lot, some of it with JIDs; warnings and errors are what an operator needs.
  const logger = createLogger('baileys', 'warn');
  return ({ state, saveCreds }: LoadedAuth): WASocket => {
    const sock = makeWASocket({
      // Signal keys are read on every message: keep them in memory in front of the API.
      auth: { creds: state.creds, keys: makeCacheableSignalKeyStore(state.keys, logger) },
      logger,
      printQRInTerminal: false,
      // Online on connect would silence the team's phone notifications.
      markOnlineOnConnect: false,
    });
    sock.ev.on('creds.update', () => {
      // The next update writes the whole creds again, so one failed save heals; say so loudly meanwhile.
      saveCreds().catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'whatsapp creds not saved'));
    });
    return sock;
  };
}
