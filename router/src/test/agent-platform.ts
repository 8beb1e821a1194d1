import { join } from 'node:path';
import { createLogger, createServiceClient } from '@leadwire/platform';
import { readConnectorConfig, startConnector } from '../../../connector/src/index.ts';
import { createAgent } from '../../../workers/src/agent/agent.ts';
import { createQualificationHandler, type QualificationHandlerOptions } from '../../../workers/src/qualification/qualification-handler.ts';
import type { Agent } from '../../../workers/src/qualification/run-turn.ts';
import { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import type { ConnectorTenant } from './connector-tenant.ts';
import type { Platform } from './platform.ts';

/**
 * The connector with its WhatsApp simulator, as `npm start` runs it but fast:
 * receipts within 60 ms, no typing pause, sends 10 ms apart.
 */
export function startSimulatorConnector(platform: Platform, tenant: ConnectorTenant, opts: { redisUrl: string; spool: string }) {
  return startConnector({
    log: createLogger('connector', 'silent'),
    config: readConnectorConfig({
      NODE_ENV: 'test',
      REDIS_URL: opts.redisUrl,
      PORT: '0',
      SIMULATOR: '1',
      SIMULATOR_PORT: '0',
      SIMULATOR_RECEIPT_DELAYS_MS: '20,40,60',
      OUTBOUND_SEND_INTERVAL_MS: '10',
      OUTBOUND_TYPING_MS: '0',
      LEADWIRE_API_URL: platform.routerUrl,
      LEADWIRE_SERVICE_KEY: tenant.serviceKey,
      CONNECTOR_SPOOL_DIR: opts.spool,
      MEDIA_DIR: join(opts.spool, 'media'),
    }),
  });
}

/** The qualification worker as the workers process runs it, on the platform's internal listener. */
export function startAgentWorker(
  platform: Platform,
  opts: { redisUrl: string; agent?: Agent; burstMs: number } & Pick<QualificationHandlerOptions, 'suggestions'>,
) {
  const log = createLogger('workers', 'silent');
  return startQualificationWorker({
    redisUrl: opts.redisUrl,
    routerUrl: platform.routerInternalUrl,
    signingSecret: platform.env.ROUTER_SIGNING_SECRET,
    log,
    handle: createQualificationHandler({
      request: createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET),
      agent: opts.agent ?? createAgent({ providers: [] }),
      log,
      burstMs: opts.burstMs,
      suggestions: opts.suggestions,
    }),
  });
}
