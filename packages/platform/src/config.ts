import { z } from 'zod';

/**
 * Shared environment contract. Every process reads the same names so that
 * `npm start`, docker-compose and the tests configure them identically.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/leadwire'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  // The router's internal endpoint, where services call on a caller's behalf
  // (never the public one, which ignores identities other services sign).
  ROUTER_URL: z.string().default('http://127.0.0.1:4099/graphql'),
  // Address every process listens on: loopback unless a container publishes it.
  HOST: z.string().default('127.0.0.1'),
  // Signs the identity header the router forwards to subgraphs. A subgraph
  // refuses any request whose header does not verify with this secret.
  ROUTER_SIGNING_SECRET: z.string().min(32).default('dev-router-signing-secret-change-me-0123456789'),
  // Signs user session tokens issued by `login`.
  JWT_SECRET: z.string().min(32).default('dev-jwt-secret-change-me-0123456789abcdef'),
  DEFAULT_PHONE_REGION: z.string().length(2).default('BR'),
  // The WhatsApp sessions by role: leads write to AGENT; consultants send from TEAM.
  WHATSAPP_AGENT_SESSION: z.string().regex(/^[a-z0-9-]{1,40}$/).default('agent'),
  WHATSAPP_TEAM_SESSION: z.string().regex(/^[a-z0-9-]{1,40}$/).default('team'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type PlatformEnv = z.infer<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): PlatformEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  if (parsed.data.NODE_ENV === 'production') {
    for (const key of ['ROUTER_SIGNING_SECRET', 'JWT_SECRET'] as const) {
      if (parsed.data[key].startsWith('dev-')) throw new Error(`${key} must be set in production`);
    }
  }
  return parsed.data;
}

/** Each subgraph keeps its tables in its own PostgreSQL schema of one database. */
export function databaseUrlFor(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}
