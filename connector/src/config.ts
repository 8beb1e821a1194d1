import path from 'node:path';
import { CONNECTOR } from '@leadwire/platform/processes';
import { z } from 'zod';

export type SessionKind = 'AGENT' | 'TEAM';

export interface SessionConfig {
  /** Names the session in ingest calls, outbound jobs and its spool directory. */
  id: string;
  /** AGENT: the number the AI agent answers on; TEAM: the consultants' number. */
  kind: SessionKind;
}

/** The service key `npm start` seeds for development; only for local use. */
export const DEMO_SERVICE_KEY = 'lw_svc_demo_whatsapp_connector_0000000000';

// Session ids become directory names: keep them to a safe alphabet.
const SESSION_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/i;

const sessions = z.string().transform((value, ctx) => {
  const list: SessionConfig[] = [];
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [id = '', kind = ''] = entry.split(':').map((s) => s.trim());
    if (!SESSION_ID.test(id) || (kind !== 'AGENT' && kind !== 'TEAM')) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not <id>:AGENT or <id>:TEAM (id: letters, digits, _ and -)` });
      return z.NEVER;
    }
    if (list.some((s) => s.id === id)) {
      ctx.addIssue({ code: 'custom', message: `session "${id}" is listed twice` });
      return z.NEVER;
    }
    list.push({ id, kind });
  }
  if (!list.length) {
    ctx.addIssue({ code: 'custom', message: 'names no session' });
    return z.NEVER;
  }
  return list;
});

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  DEFAULT_PHONE_REGION: z.string().length(2).default('BR'),
  PORT: port(CONNECTOR.port),
  // Health and metrics listener; the simulator is loopback whatever this says.
  HOST: z.string().default('127.0.0.1'),
  // The connector is a client of the public API, like any integrator: it never
  // handles the router's signing secret.
  LEADWIRE_API_URL: z.url().default('http://127.0.0.1:4000/graphql'),
  LEADWIRE_SERVICE_KEY: z.string().min(1).optional(),
  WHATSAPP_SESSIONS: sessions.default([
    { id: 'agent', kind: 'AGENT' },
    { id: 'team', kind: 'TEAM' },
  ]),
  CONNECTOR_SPOOL_DIR: z.string().min(1).default('.leadwire/spool'),
  // Shared with the router, which serves the files at /media/<message id>.
  MEDIA_DIR: z.string().min(1).default('.leadwire/media'),
  SIMULATOR: z.enum(['0', '1']).optional(),
  SIMULATOR_PORT: port(CONNECTOR.simulatorPort),
  // Server ack, delivery, read: how long after a send the simulated receipts come.
  SIMULATOR_RECEIPT_DELAYS_MS: z
    .string()
    .regex(/^\d+,\d+,\d+$/, 'is three comma-separated milliseconds, e.g. 300,1200,3000')
    .default('300,1200,3000'),
  // WhatsApp bans numbers that send like machines: at most one message per
  // interval per session, with a small burst for a few quick replies.
  OUTBOUND_SEND_INTERVAL_MS: positiveInt(1_500),
  OUTBOUND_SEND_BURST: positiveInt(3),
  OUTBOUND_TYPING_MS: z.coerce.number().int().min(0).default(800),
  // Jobs waiting for their session's pace hold a slot each; enough slots that
  // one busy session does not hold up the others.
  OUTBOUND_CONCURRENCY: positiveInt(20),
  // How long a send may go without its worker renewing the lock before another
  // worker takes the job back (BullMQ's default): a connector killed mid-send
  // leaves its jobs for this long.
  OUTBOUND_LOCK_MS: positiveInt(30_000),
});

export interface ConnectorConfig {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  redisUrl: string;
  defaultRegion: string;
  port: number;
  host: string;
  apiUrl: string;
  serviceKey: string;
  sessions: SessionConfig[];
  /** Each session spools under `<spoolRoot>/<sessionId>`. */
  spoolRoot: string;
  /** Inbound media, as `<sha256>.<ext>` files. */
  mediaDir: string;
  simulator: { enabled: boolean; port: number; receiptDelaysMs: [number, number, number] };
  outbound: { intervalMs: number; burst: number; typingMs: number; concurrency: number; lockMs: number };
}

export function readConnectorConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConnectorConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // Production has no demo workspace, so the demo key would only hide a missing setting.
  if (production && (!e.LEADWIRE_SERVICE_KEY || e.LEADWIRE_SERVICE_KEY === DEMO_SERVICE_KEY)) {
    throw new Error('LEADWIRE_SERVICE_KEY must be set in production (a service key created for the connector)');
  }
  const [ack, delivery, read] = e.SIMULATOR_RECEIPT_DELAYS_MS.split(',').map(Number) as [number, number, number];
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    defaultRegion: e.DEFAULT_PHONE_REGION,
    port: e.PORT,
    host: e.HOST,
    apiUrl: e.LEADWIRE_API_URL,
    serviceKey: e.LEADWIRE_SERVICE_KEY ?? DEMO_SERVICE_KEY,
    sessions: e.WHATSAPP_SESSIONS,
    spoolRoot: path.resolve(cwd, e.CONNECTOR_SPOOL_DIR),
    mediaDir: path.resolve(cwd, e.MEDIA_DIR),
    // A development and demo stand-in for WhatsApp: never on in production by accident.
    simulator: { enabled: e.SIMULATOR ? e.SIMULATOR === '1' : !production, port: e.SIMULATOR_PORT, receiptDelaysMs: [ack, delivery, read] },
    outbound: {
      intervalMs: e.OUTBOUND_SEND_INTERVAL_MS,
      burst: e.OUTBOUND_SEND_BURST,
      typingMs: e.OUTBOUND_TYPING_MS,
      concurrency: e.OUTBOUND_CONCURRENCY,
      lockMs: e.OUTBOUND_LOCK_MS,
    },
  };
}
