import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Identity, Logger, WakeUp } from '@leadwire/platform';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { credentialsFrom, type Authenticate } from '../auth/authenticate.ts';
import type { SessionStatusResolver } from '../auth/credentials.ts';
import { gatewayGraphql } from '../graphql-realm.ts';
import type { RouterContext } from '../context.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { liveStream } from './live-stream.ts';
import { afterVariables, planReplay } from './replay-query.ts';

type SocketExtra = {
  identity?: Identity;
  socket: WebSocket;
  request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };
};

type SubscriptionContext = RouterContext & { socket: WebSocket };

export const FORBIDDEN_CLOSE = 4403;

export interface SubscriptionServerOptions {
  httpServer: Server;
  apollo: ApolloServer<RouterContext>;
  apiSchema: GraphQLSchema;
  validationRules: ValidationRule[];
  authenticate: Authenticate;
  pubsub: RedisPubSub;
  metrics: Metrics;
  pollMs: number;
  log: Logger;
  sessions: SessionStatusResolver;
}

async function execute(apollo: ApolloServer<RouterContext>, ctx: RouterContext, query: DocumentNode | string, variables: Record<string, unknown>, operationName?: string) {
  const response = await apollo.executeOperation(
    { query: typeof query === 'string' ? query : (query as never), variables, operationName },
    { contextValue: { ...ctx, requestId: randomUUID() } },
  );
  if (response.body.kind !== 'single') throw new Error('unexpected incremental result');
  return response.body.singleResult as ExecutionResult;
}

const isForbidden = (result: ExecutionResult) =>
  result.errors?.some((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));

/**
 * graphql-ws on the router's own `/graphql` path. @apollo/gateway cannot run
 * subscriptions, so each one is served as a replayed query: every field the
 * subscriber selected is resolved through the gateway, with their identity.
 */
export function attachSubscriptions(opts: SubscriptionServerOptions) {
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql' });
  const wakeAll = new Set<() => void>();
  // After a Redis reconnect, wake-ups sent meanwhile are gone: replay everyone.
  (opts.pubsub.getSubscriber() as { on(e: string, f: () => void): void }).on('ready', () => wakeAll.forEach((w) => w()));

  async function subscribe(args: ExecutionArgs) {
    const ctx = args.contextValue as SubscriptionContext;
    const forbid = (message: string) => {
      ctx.socket.close(FORBIDDEN_CLOSE, 'Forbidden');
      return { errors: [new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } })] };
    };
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    const plan = planReplay(args.document, args.operationName ?? undefined, variables);
    if (ctx.identity.kind === 'anonymous' || ctx.identity.kind === 'system') return forbid('Authentication required');
    const workspaceId = ctx.identity.workspaceId;
    if (plan.live.access) {
      const check = plan.live.access(plan.args);
      const result = await execute(opts.apollo, ctx, check.query, check.variables);
      if (!check.allowed(result.data)) return forbid('You may not follow this lead');
    }
    let cursor = typeof plan.args.after === 'string' ? plan.args.after : undefined;
    if (!cursor) {
      const head = plan.live.head(plan.args);
      const result = await execute(opts.apollo, ctx, head.query, head.variables);
      if (isForbidden(result)) return forbid(result.errors![0]!.message);
      if (!result.data) return { errors: result.errors };
      cursor = head.pick(result.data);
    }
    const field = plan.live.replayField;
    opts.metrics.subscriptions.inc({ field });
    const stream = liveStream({
      responseKey: plan.responseKey,
      cursor,
      pollMs: opts.pollMs,
      replay: async (after) => {
        // A subscription outlives the check made when it opened: a user
        // deactivated since is cut off, and a role change applies, here too.
        if (ctx.identity.kind === 'user') {
          const status = await opts.sessions.resolve(ctx.identity.userId);
          if (!status?.active) return forbid('This account is no longer active');
          ctx.identity = { ...ctx.identity, role: status.role };
        }
        return execute(opts.apollo, ctx, plan.document, afterVariables(variables, after), plan.operationName);
      },
      onDelivered: (n) => opts.metrics.replays.inc({ field }, n),
      listen: async (onWake) => {
        const wake = () => onWake({ workspaceId, cursor: '' });
        wakeAll.add(wake);
        const id = await opts.pubsub.subscribe(plan.live.channel(workspaceId), (message: WakeUp) => {
          if (!plan.live.matches || plan.live.matches(message, plan.args)) onWake(message);
        });
        return () => {
          wakeAll.delete(wake);
          opts.pubsub.unsubscribe(id);
          opts.metrics.subscriptions.dec({ field });
        };
      },
    });
    return stream;
  }

  const cleanup = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: opts.apiSchema,
      onConnect: async (ctx) => {
        try {
          const origin = ctx.extra.request.headers.origin;
          const credentials = credentialsFrom({ ...(ctx.connectionParams ?? {}), origin });
          const identity = await opts.authenticate(credentials);
          // Subscriptions are for signed-in users, API keys and services; false closes with 4403.
          if (identity.kind === 'anonymous' || identity.kind === 'publishable_key' || identity.kind === 'system') return false;
          ctx.extra.identity = identity;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = gatewayGraphql.parse(payload.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = gatewayGraphql.validate(opts.apiSchema, document, [...gatewayGraphql.specifiedRules, ...opts.validationRules]);
        if (errors.length) return [...errors];
        const context: SubscriptionContext = {
          identity: ctx.extra.identity!,
          requestId: randomUUID(),
          log: opts.log,
          ip: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          socket: ctx.extra.socket,
        };
        return {
          schema: opts.apiSchema,
          document,
          variableValues: payload.variables ?? {},
          operationName: payload.operationName ?? undefined,
          contextValue: context,
        };
      },
      subscribe: subscribe as never,
      execute: (() => ({ errors: [new GraphQLError('Send queries and mutations over HTTP')] })) as never,
    },
    wss,
  );
  return {
    async close() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
