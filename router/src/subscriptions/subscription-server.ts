import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { actorOf, type Identity, type Logger } from '@leadwire/platform';
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
import { planReplay } from './replay-query.ts';
import { createSubscriptionBudget } from './subscription-budget.ts';
import { createSubscriptionHub } from './subscription-hub.ts';

type SocketExtra = {
  identity?: Identity;
  /** What the client connected with, presented again before every replay. */
  credentials?: Credentials;
  ip?: string;
  socket: WebSocket;
  /** The upgrade request: read once when the socket connects, then let go (it is most of a socket's memory otherwise). */
  request?: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };
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
  limits: Pick<RouterLimits, 'subscriptionPollMs' | 'subscriptionBatchMs' | 'subscriptionsPerSocket' | 'subscriptionsPerCredential'>;
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

const CURSOR = /^\d{1,18}$/;

/**
 * graphql-ws on the router's own `/graphql` path. @apollo/gateway cannot run
 * subscriptions, so each one is served as a replayed query: every field the
 * subscriber selected is resolved through the gateway, with their identity's
 * permissions. Subscriptions whose results are identical share one replay
 * per batch of events (see SubscriptionHub).
 */
export function attachSubscriptions(opts: SubscriptionServerOptions) {
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql' });
  const budget = createSubscriptionBudget({
    perSocket: opts.limits.subscriptionsPerSocket,
    perCredential: opts.limits.subscriptionsPerCredential,
  });
  const hub = createSubscriptionHub({
    execute: (identity, ip, query, variables) => execute(opts.apollo, { identity, ip, log: opts.log, requestId: '' }, query, variables),
    // A subscription outlives the check made when it opened: whatever the
    // credential (session, API key, service key), it is presented again before
    // each replay, so a revoked key or deactivated user is cut off and a role
    // change applies.
    reauthenticate: async (credentials) => {
      try {
        return await opts.authenticate(credentials);
      } catch (err) {
        if (err instanceof AuthError) return null;
        throw err;
      }
    },
    pubsub: opts.pubsub,
    metrics: opts.metrics,
    pollMs: opts.limits.subscriptionPollMs,
    batchMs: opts.limits.subscriptionBatchMs,
  });
  // After a Redis reconnect, wake-ups sent meanwhile are gone: catch everyone up.
  (opts.pubsub.getSubscriber() as { on(e: string, f: () => void): void }).on('ready', () => hub.catchUp());
  // A revoked key or deactivated user is cut off now, not at its next event.
  opts.revocation.onRevoked(() => hub.recheckAll());

  async function subscribe(args: ExecutionArgs) {
    const ctx = args.contextValue as SubscriptionContext;
    const forbid = (message: string) => {
      ctx.socket.close(FORBIDDEN_CLOSE, 'Forbidden');
      return { errors: [new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } })] };
    };
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    let joined = false;
    try {
      const plan = planReplay(args.document, args.operationName ?? undefined, variables);
      const identity = ctx.identity;
      if (identity.kind === 'anonymous' || identity.kind === 'system') return forbid('Authentication required');
      const access = plan.live.access?.(plan.args);
      if (access) {
        const result = await execute(opts.apollo, ctx, access.query, access.variables);
        if (!access.allowed(result.data)) return forbid(plan.live.refusal ?? 'You may not follow this');
      }
      let cursor = plan.args.after == null ? undefined : String(plan.args.after);
      if (cursor !== undefined && !CURSOR.test(cursor)) {
        return { errors: [new GraphQLError('after: is not a cursor', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } })] };
      }
      if (cursor === undefined) {
        const head = plan.live.head(plan.args);
        const result = await execute(opts.apollo, ctx, head.query, head.variables);
        if (isForbidden(result)) return forbid(result.errors![0]!.message);
        if (!result.data) return { errors: result.errors };
        cursor = head.pick(result.data) as string;
      }
      const stream = hub.join({
        plan,
        variables,
        identity,
        credentials: ctx.credentials,
        ip: ctx.ip,
        cursor: BigInt(cursor),
        forbid: (message) => void forbid(message),
        release: ctx.release,
      });
      joined = true;
      return stream;
    } finally {
      if (!joined) ctx.release();
    }
  }

  // A sales floor opens the same few subscriptions over and over: each text is parsed and validated once.
  const checkedQueries = new Map<string, { document: DocumentNode } | { errors: GraphQLError[] }>();
  function check(query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
    let checked = checkedQueries.get(query);
    if (checked) return checked;
    try {
      const document = gatewayGraphql.parse(query);
      const errors = gatewayGraphql.validate(opts.apiSchema, document, [...gatewayGraphql.specifiedRules, ...opts.validationRules]);
      checked = errors.length ? { errors: opts.hideSuggestions ? errors.map(withoutSuggestion) : [...errors] } : { document };
    } catch (err) {
      return { errors: [err as GraphQLError] };
    }
    if (checkedQueries.size >= 1_000) checkedQueries.clear();
    checkedQueries.set(query, checked);
    return checked;
  }

  const cleanup = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: opts.apiSchema,
      onConnect: async (ctx) => {
        try {
          const origin = ctx.extra.request?.headers.origin;
          ctx.extra.ip = ctx.extra.request?.socket.remoteAddress ?? 'unknown';
          delete (ctx.extra as SocketExtra).request;
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
        const checked = check(payload.query);
        if ('errors' in checked) return checked.errors;
        const { document } = checked;
        const identity = ctx.extra.identity!;
        const slot = budget.take(ctx.extra.socket, actorOf(identity));
        if ('refused' in slot) return [new gatewayGraphql.GraphQLError(slot.refused, { extensions: { code: 'TOO_MANY_REQUESTS' } })];
        const context: SubscriptionContext = {
          identity,
          requestId: randomUUID(),
          log: opts.log,
          ip: ctx.extra.ip ?? 'unknown',
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
      hub.close();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
