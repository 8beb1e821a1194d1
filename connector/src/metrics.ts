import client from 'prom-client';

/**
 * The connector's Prometheus metrics, in a registry of its own so that two
 * connectors in one process (tests) do not collide. Labels are session ids
 * only: bounded, and never a phone or a message.
 */
export function createConnectorMetrics(spoolDepth: () => Record<string, number>) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'leadwire_connector_' });
  const registers = [registry];
  return {
    registry,
    spoolDepth: new client.Gauge({
      name: 'leadwire_connector_spool_depth',
      help: 'Ingest batches on disk not yet accepted by the router',
      labelNames: ['session'],
      registers,
      collect() {
        for (const [session, depth] of Object.entries(spoolDepth())) this.set({ session }, depth);
      },
    }),
    ingestBatches: new client.Counter({
      name: 'leadwire_connector_ingest_batches_total',
      help: 'Ingest batches by outcome: accepted, rejected (moved aside), retried (router unreachable)',
      labelNames: ['session', 'outcome'],
      registers,
    }),
    ingestMessages: new client.Counter({
      name: 'leadwire_connector_ingest_messages_total',
      help: 'Messages in ingest batches the router accepted',
      labelNames: ['session'],
      registers,
    }),
    skippedWithoutPhone: new client.Counter({
      name: 'leadwire_connector_inbound_without_phone_total',
      help: 'Inbound messages not ingested because WhatsApp gave no phone number (LID only)',
      labelNames: ['session'],
      registers,
    }),
    sends: new client.Counter({
      name: 'leadwire_connector_sends_total',
      help: 'Messages handed to WhatsApp',
      labelNames: ['session'],
      registers,
    }),
    sendsSkipped: new client.Counter({
      name: 'leadwire_connector_sends_skipped_total',
      help: 'Jobs acknowledged without sending because this connector had already sent their message',
      labelNames: ['session'],
      registers,
    }),
    sendErrors: new client.Counter({
      name: 'leadwire_connector_send_errors_total',
      help: 'Send attempts that failed (the job is retried while attempts remain)',
      labelNames: ['session'],
      registers,
    }),
    sendFailures: new client.Counter({
      name: 'leadwire_connector_send_failures_total',
      help: 'Messages reported FAILED after their last attempt',
      labelNames: ['session'],
      registers,
    }),
  };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
