import { onShutdown } from '@leadwire/platform/http';
import { createLogger } from '@leadwire/platform/logger';
import { createApiClient } from './api-client.ts';
import { readConnectorConfig } from './config.ts';
import { startConnector } from './index.ts';
import { createWhatsAppSession } from './sessions/index.ts';

const config = readConnectorConfig();
const log = createLogger('connector', config.logLevel);
const api = createApiClient({ url: config.apiUrl, serviceKey: config.serviceKey });

// With the simulator on (development, demos) it stands in for WhatsApp;
// otherwise each configured session is a real Baileys session, its
// credentials encrypted in PostgreSQL and its status reported to Leadwire.
const connector = await startConnector({
  config,
  log,
  socketSource: config.simulator.enabled
    ? undefined
    : (session) =>
        createWhatsAppSession({
          sessionId: session.id,
          role: session.kind,
          log: log.child({ session: session.id }),
          request: api.request,
        }),
});
log.info({ port: connector.service.port, sessions: config.sessions.map((s) => s.id), simulator: config.simulator.enabled }, 'connector started');
onShutdown(log, [() => connector.close()]);
