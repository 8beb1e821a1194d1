import type { ApolloServerPlugin } from '@apollo/server';
import client from 'prom-client';
import type { RouterContext } from '../context.ts';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'leadwire_router_' });
  const duration = new client.Histogram({
    name: 'leadwire_router_operation_duration_seconds',
    help: 'GraphQL operations through the router',
    labelNames: ['operation', 'type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const subscriptions = new client.Gauge({
    name: 'leadwire_router_subscriptions_active',
    help: 'Open graphql-ws subscriptions',
    labelNames: ['field'],
    registers: [registry],
  });
  const replays = new client.Counter({
    name: 'leadwire_router_subscription_events_total',
    help: 'Events delivered to subscribers',
    labelNames: ['field'],
    registers: [registry],
  });

  const plugin: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors, contextValue }) {
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          duration.observe(
            { operation: operationName ?? 'anonymous', type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' },
            seconds,
          );
          contextValue.log.info(
            { operation: operationName, ms: Math.round(seconds * 1000), errors: errors?.length ?? 0, identity: contextValue.identity.kind },
            'operation',
          );
        },
      };
    },
  };
  return { registry, plugin, subscriptions, replays };
}

export type Metrics = ReturnType<typeof createMetrics>;
