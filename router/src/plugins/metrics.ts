import type { ApolloServerPlugin } from '@apollo/server';
import client from 'prom-client';
import type { RouterContext } from '../context.ts';

/** Distinct operation names kept as labels; the rest share one `other` series. */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names come from clients, so they cannot be label values as they
 * are: every new name would be a new time series for as long as the process
 * lives. The first names seen are kept (a real client's names are few and
 * stable); past the bound, and for anything that does not look like a name,
 * the label is `other`.
 */
function boundedLabels(max: number) {
  const known = new Set<string>();
  return (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (known.has(name)) return name;
    if (known.size >= max || !OPERATION_NAME.test(name)) return 'other';
    known.add(name);
    return name;
  };
}

export function createMetrics(maxOperationLabels = MAX_OPERATION_LABELS) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'leadwire_router_' });
  const operationLabel = boundedLabels(maxOperationLabels);
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
  const groups = new client.Gauge({
    name: 'leadwire_router_subscription_groups_active',
    help: 'Groups of subscriptions served by one replay (same operation, variables and visibility class)',
    labelNames: ['field'],
    registers: [registry],
  });
  const groupReplays = new client.Counter({
    name: 'leadwire_router_subscription_replays_total',
    help: 'Replay queries run through the gateway for a group of subscriptions',
    labelNames: ['field'],
    registers: [registry],
  });
  const filtered = new client.Counter({
    name: 'leadwire_router_subscription_filtered_total',
    help: 'Batches of board events a consultant group skipped without a replay: none was about their leads',
    registers: [registry],
  });
  const probes = new client.Counter({
    name: 'leadwire_router_subscription_probes_total',
    help: 'Reads of which leads new board events are about, one per workspace and batch, for consultant groups',
    registers: [registry],
  });
  const fetches = new client.Counter({
    name: 'leadwire_router_subgraph_fetches_total',
    help: 'Subgraph fetches of the gateway; shared="yes" joined an identical read already in flight',
    labelNames: ['subgraph', 'shared'],
    registers: [registry],
  });

  const plugin: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors, contextValue }) {
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          duration.observe(
            { operation: operationLabel(operationName), type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' },
            seconds,
          );
          contextValue.log.info(
            { operation: operationName?.slice(0, 64), ms: Math.round(seconds * 1000), errors: errors?.length ?? 0, identity: contextValue.identity.kind },
            'operation',
          );
        },
      };
    },
  };
  const countFetch = (subgraph: string, shared: boolean) => fetches.inc({ subgraph, shared: shared ? 'yes' : 'no' });
  return { registry, plugin, subscriptions, replays, groups, groupReplays, filtered, probes, countFetch };
}

export type Metrics = ReturnType<typeof createMetrics>;
