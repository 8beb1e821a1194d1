import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { resolve } from 'node:path';
import { closePubSub, createLogger, createPubSub, logUnexpectedErrors, sendJson, startService, type Logger, type PlatformEnv } from '@leadwire/platform';
import { Redis } from 'ioredis';
import { createAuthenticator, createInternalAuthenticator } from './auth/authenticate.ts';
import { createCredentialResolver, createSessionStatusResolver } from './auth/credentials.ts';
import { createRateLimits } from './auth/rate-limits.ts';
import { DEFAULT_SUPERGRAPH, isDevelopment, limitsFromEnv, type RouterLimits, type SubgraphUrls } from './config.ts';
import type { RouterContext } from './context.ts';
import { createGateway } from './gateway.ts';
import { createMediaRoute } from './media-route.ts';
import { createClientIp, createGraphQLRoute, createInternalGraphQLRoute } from './http-handler.ts';
import { inputGuard } from './plugins/input-guard.ts';
import { createMetrics } from './plugins/metrics.ts';
import { operationPolicy } from './plugins/operation-policy.ts';
import { publicErrors } from './plugins/public-errors.ts';
import { createRevocation } from './plugins/revocation.ts';
import { attachSubscriptions } from './subscriptions/subscription-server.ts';

export interface RouterOptions {
  env: PlatformEnv;
  port: number;
  /** The listener for the platform's own services (identities they sign, `/metrics`); never published. */
  internalPort: number;
  subgraphUrls: SubgraphUrls;
  log?: Logger;
  limits?: RouterLimits;
  supergraphPath?: string;
  /** Proxies whose `X-Forwarded-For` is believed (addresses, CIDRs or proxy-addr names such as `loopback`). */
  trustedProxies?: string[];
  /** Where the connector stores WhatsApp media; served at /media/<message id>. */
  mediaDir?: string;
}

export async function startRouter(opts: RouterOptions) {
  const { env } = opts;
  const log = opts.log ?? createLogger('router', env.LOG_LEVEL);
  const limits = opts.limits ?? limitsFromEnv();
  const dev = isDevelopment(env);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis unavailable'));
  // Rate limits count in Redis; counting the first requests in memory while it
  // connects would split one client's count in two. A Redis that is down does
  // not hold the router back for long: limits then fall back to memory.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    redis.once('ready', () => (clearTimeout(timer), resolve()));
  });
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const metrics = createMetrics();
  const credentials = createCredentialResolver(opts.subgraphUrls.assignment, env.ROUTER_SIGNING_SECRET);
  const sessions = createSessionStatusResolver(opts.subgraphUrls.assignment, env.ROUTER_SIGNING_SECRET);
  const authenticate = createAuthenticator({ jwtSecret: env.JWT_SECRET, credentials, sessions });
  const revocation = createRevocation(pubsub, [credentials, sessions]);
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 20_000 },
    blockFieldSuggestion: { enabled: !dev },
  }).protect();
  const gateway = createGateway(opts.supergraphPath ?? DEFAULT_SUPERGRAPH, opts.subgraphUrls, env.ROUTER_SIGNING_SECRET, metrics.countFetch);
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    introspection: dev,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: dev,
    formatError: publicErrors(dev),
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      logUnexpectedErrors<RouterContext>(),
      ...(armor.plugins as never[]),
      inputGuard(),
      operationPolicy(createRateLimits(redis, limits)),
      revocation.plugin,
      metrics.plugin,
    ],
    validationRules: armor.validationRules as never[],
    allowBatchedHttpRequests: false,
  });
  await apollo.start();
  const apiSchema = (gateway as unknown as { schema: import('graphql').GraphQLSchema }).schema;
  const clientIp = createClientIp(opts.trustedProxies ?? []);
  const media = createMediaRoute({ apollo, authenticate, clientIp, log, mediaDir: opts.mediaDir ?? resolve('.leadwire/media') });
  // Ready when every subgraph is: Redis is not required to serve (rate limits
  // fall back to memory, subscribers to polling), so it does not gate traffic.
  const ready = async () => {
    const checks = Object.values(opts.subgraphUrls).map((url) =>
      fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false),
    );
    return (await Promise.all(checks)).every(Boolean);
  };
  // A listener that cannot start (its port taken) must not leave the rest running.
  const abandon = async (err: unknown, started: Array<{ close(): Promise<void> }>) => {
    for (const s of started) await s.close().catch(() => undefined);
    await apollo.stop().catch(() => undefined);
    closePubSub(pubsub);
    redis.disconnect();
    throw err;
  };
  const service = await startService({
    name: 'router',
    port: opts.port,
    host: env.HOST,
    log,
    registry: false,
    graphql: createGraphQLRoute({ apollo, authenticate, log, clientIp }),
    fallback: async (req, res) => {
      if (await media(req, res)) return;
      sendJson(res, 404, { error: 'not found' });
    },
    ready,
  }).catch((err) => abandon(err, []));
  const internal = await startService({
    name: 'router-internal',
    port: opts.internalPort,
    log,
    registry: metrics.registry,
    graphql: createInternalGraphQLRoute({ apollo, authenticateInternal: createInternalAuthenticator(env.ROUTER_SIGNING_SECRET), log, clientIp }),
    ready,
  }).catch((err) => abandon(err, [service]));
  const subscriptions = attachSubscriptions({
    httpServer: service.server,
    apollo,
    apiSchema,
    validationRules: armor.validationRules as never[],
    authenticate,
    revocation,
    pubsub,
    metrics,
    limits,
    hideSuggestions: !dev,
    log,
  });
  log.info({ url: service.url, internalUrl: internal.url }, 'router listening');
  return {
    url: service.url,
    port: service.port,
    internalUrl: internal.url,
    wsUrl: service.url.replace('http', 'ws'),
    async close() {
      await subscriptions.close();
      await service.close();
      await internal.close();
      await apollo.stop();
      closePubSub(pubsub);
      redis.disconnect();
    },
  };
}
