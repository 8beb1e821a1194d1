import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { closePubSub, createLogger, createPubSub, formatError, logUnexpectedErrors, startService, type Logger, type PlatformEnv } from '@leadwire/platform';
import { Redis } from 'ioredis';
import { createAuthenticator } from './auth/authenticate.ts';
import { createCredentialResolver, createSessionStatusResolver } from './auth/credentials.ts';
import { createRateLimits } from './auth/rate-limits.ts';
import { DEFAULT_SUPERGRAPH, isDevelopment, limitsFromEnv, type RouterLimits, type SubgraphUrls } from './config.ts';
import type { RouterContext } from './context.ts';
import { createGateway } from './gateway.ts';
import { createGraphQLRoute } from './http-handler.ts';
import { createMetrics } from './plugins/metrics.ts';
import { revocation } from './plugins/revocation.ts';
import { operationPolicy } from './plugins/operation-policy.ts';
import { attachSubscriptions } from './subscriptions/subscription-server.ts';

export interface RouterOptions {
  env: PlatformEnv;
  port: number;
  subgraphUrls: SubgraphUrls;
  log?: Logger;
  limits?: RouterLimits;
  supergraphPath?: string;
  trustProxy?: boolean;
}

export async function startRouter(opts: RouterOptions) {
  const { env } = opts;
  const log = opts.log ?? createLogger('router', env.LOG_LEVEL);
  const limits = opts.limits ?? limitsFromEnv();
  const dev = isDevelopment(env);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const metrics = createMetrics();
  const credentials = createCredentialResolver(opts.subgraphUrls.assignment, env.ROUTER_SIGNING_SECRET);
  const sessions = createSessionStatusResolver(opts.subgraphUrls.assignment, env.ROUTER_SIGNING_SECRET);
  const authenticate = createAuthenticator({ jwtSecret: env.JWT_SECRET, signingSecret: env.ROUTER_SIGNING_SECRET, credentials, sessions });
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 20_000 },
    blockFieldSuggestion: { enabled: !dev },
  }).protect();
  const gateway = createGateway(opts.supergraphPath ?? DEFAULT_SUPERGRAPH, opts.subgraphUrls, env.ROUTER_SIGNING_SECRET);
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    introspection: dev,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: dev,
    formatError: formatError(),
    plugins: [ApolloServerPluginCacheControlDisabled(), logUnexpectedErrors<RouterContext>(), ...(armor.plugins as never[]), operationPolicy(createRateLimits(redis, limits)), revocation(pubsub, [credentials, sessions]), metrics.plugin],
    validationRules: armor.validationRules as never[],
    allowBatchedHttpRequests: false,
  });
  await apollo.start();
  const apiSchema = (gateway as unknown as { schema: import('graphql').GraphQLSchema }).schema;
  const service = await startService({
    name: 'router',
    port: opts.port,
    log,
    registry: metrics.registry,
    graphql: createGraphQLRoute({ apollo, authenticate, log, trustProxy: opts.trustProxy ?? false }),
    // Ready when every subgraph is: Redis is not required to serve (rate limits
    // fall back to memory, subscribers to polling), so it does not gate traffic.
    ready: async () => {
      const checks = Object.values(opts.subgraphUrls).map((url) =>
        fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false),
      );
      return (await Promise.all(checks)).every(Boolean);
    },
  });
  const subscriptions = attachSubscriptions({
    httpServer: service.server,
    apollo,
    apiSchema,
    validationRules: armor.validationRules as never[],
    authenticate,
    pubsub,
    metrics,
    pollMs: limits.subscriptionPollMs,
    log,
    sessions,
  });
  log.info({ url: service.url }, 'router listening');
  return {
    url: service.url,
    port: service.port,
    wsUrl: service.url.replace('http', 'ws'),
    async close() {
      await subscriptions.close();
      await service.close();
      await apollo.stop();
      closePubSub(pubsub);
      redis.disconnect();
    },
  };
}
