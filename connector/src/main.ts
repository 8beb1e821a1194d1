import { onShutdown } from '@leadwire/platform/http';
import { createLogger } from '@leadwire/platform/logger';
import { readConnectorConfig } from './config.ts';
import { startConnector } from './index.ts';

const config = readConnectorConfig();
const log = createLogger('connector', config.logLevel);

if (!config.simulator.enabled) {
  // The Baileys session runner (./sessions) plugs in here as `socketSource`:
  // a runner per session is a SocketSource (onSocket, start, stop).
  log.fatal('the WhatsApp session runner is not wired into the connector yet; run with SIMULATOR=1 for the simulator');
  process.exit(1);
}

const connector = await startConnector({ config, log });
log.info({ port: connector.service.port, sessions: config.sessions.map((s) => s.id) }, 'connector started');
onShutdown(log, [() => connector.close()]);
