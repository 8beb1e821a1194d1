import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { actorOf, type Identity, type Logger, type WakeUp } from '@leadwire/platform';
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
import { AuthError, credentialsFrom, type Authenticate, type Credentials } from '../auth/authenticate.ts';
import type { RouterLimits } from '../config.ts';
import { gatewayGraphql } from '../graphql-realm.ts';
import type { RouterContext } from '../context.ts';
import type { Metrics } from '../plugins/metrics.ts';
import type { Revocation } from '../plugins/revocation.ts';
import { liveStream } from './live-stream.ts';
import { afterVariables, planReplay } from './replay-query.ts';
import { createSubscriptionBudget } from './subscription-budget.ts';

type SocketExtra = {
  identity?: Identity;
  /** What the client connected with, presented again before every replay. */
  credentials?: Credentials;
  socket: WebSocket;
  request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };
};

type SubscriptionContext = RouterContext & {
  socket: WebSocket;
  credentials: Credentials;
  /** Gives back this subscription's place in the budget; safe to call more than once. */
  release: () => void;
};

export const FORBIDDEN_CLOSE = 4403;

export interface SubscriptionServerOptions {
  httpServer: Server;
  apollo: ApolloServer<RouterContext>;
  apiSchema: GraphQLSchema;
  validationRules: ValidationRule[];
  authenticate: Authenticate;
  revocation: Revocation;
  pubsub: RedisPubSub;
  metrics: Metrics;
  limits: Pick<RouterLimits, 'subscriptionPollMs' | 'subscriptionsPerSocket' | 'subscriptionsPerCredential'>;
  /** Outside development, validation errors do not suggest field names. */
  hideSuggestions: boolean;
  log: Logger;
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

// Validation runs on the gateway's copy of graphql, and graphql-ws expects errors of that copy.
const withoutSuggestion = (error: GraphQLError) =>
  new gatewayGraphql.GraphQLError(error.message.replace(/ ?Did you mean [^?]*\?/g, ''), { nodes: error.nodes, extensions: error.extensions });

/** Gives the budget's slot back however the stream ends, even if it is never iterated. */
function releasing<T>(stream: AsyncGenerator<T>, release: () => void): AsyncGenerator<T> {
  const wrapped: AsyncGenerator<T> = {
    next: async (...args) => {
      const step = await stream.next(...args);
      if (step.done) release();
      return step;
    },
    return: (value) => {
      release();
      return stream.return(value);
    },
    throw: (error) => {
      release();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]: () => wrapped,
  } as AsyncGenerator<T>;
  return wrapped;
}

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

  const budget = createSubscriptionBudget({
    perSocket: opts.limits.subscriptionsPerSocket,
    perCredential: opts.limits.subscriptionsPerCredential,
  });
  // A revoked key or deactivated user is cut off now, not at its next event.
  opts.revocation.onRevoked(() => wakeAll.forEach((w) => w()));

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
    let opened = false;
    try {
      const access = plan.live.access?.(plan.args);
      if (access) {
        const result = await execute(opts.apollo, ctx, access.query, access.variables);
        if (!access.allowed(result.data)) return forbid(plan.live.refusal ?? 'You may not follow this');
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
        pollMs: opts.limits.subscriptionPollMs,
        replay: async (after) => {
          // A subscription outlives the check made when it opened: whatever the
          // credential (session, API key, service key), it is presented again, so
          // a revoked key or deactivated user is cut off and a role change applies.
          try {
            ctx.identity = await opts.authenticate(ctx.credentials);
          } catch (err) {
            if (err instanceof AuthError) return forbid('This credential is no longer valid');
            throw err;
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
      opened = true;
      return releasing(stream, ctx.release);
    } finally {
      if (!opened) ctx.release();
    }
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
          ctx.extra.credentials = credentials;
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
        if (errors.length) return opts.hideSuggestions ? errors.map(withoutSuggestion) : [...errors];
        const identity = ctx.extra.identity!;
        const slot = budget.take(ctx.extra.socket, actorOf(identity));
        if ('refused' in slot) return [new gatewayGraphql.GraphQLError(slot.refused, { extensions: { code: 'TOO_MANY_REQUESTS' } })];
        const context: SubscriptionContext = {
          identity,
          requestId: randomUUID(),
          log: opts.log,
          ip: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          socket: ctx.extra.socket,
          credentials: ctx.extra.credentials!,
          release: slot.release,
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
