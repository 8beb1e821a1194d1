import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@leadwire/platform';
import { describe, expect, test, vi } from 'vitest';
import { readConnectorConfig, startConnector } from '../../../connector/src/index.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant } from '../test/connector-tenant.ts';
import { freePort, startPlatform } from '../test/platform.ts';

/** A TCP hop in front of the router that can be cut, as a network outage would. */
async function cuttableProxy(target: URL) {
  const port = await freePort();
  let up = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => (client.destroy(), upstream.destroy(), open.delete(client), open.delete(upstream));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    cut() {
      up = false;
      for (const socket of open) socket.destroy();
    },
    restore: () => void (up = true),
    close() {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the connector keeps what arrives while the platform is unreachable', () => {
  test('with the router unreachable for 10 s, messages wait in the spool and arrive afterwards, in order, once', async () => {
    const platform = await startPlatform({ ownDatabase: 'router_outage', env: { REDIS_URL: 'redis://127.0.0.1:6379/9' } });
    const tenant = await createConnectorTenant(platform);
    const proxy = await cuttableProxy(new URL(platform.routerUrl));
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-spool-'));
    const connector = await startConnector({
      log: createLogger('connector', process.env.DBG_CONNECTOR ? 'debug' : 'silent'),
      spoolBackoff: { baseMs: 200, capMs: 1_000 },
      config: readConnectorConfig({
        NODE_ENV: 'test',
        REDIS_URL: 'redis://127.0.0.1:6379/9',
        PORT: '0',
        SIMULATOR: '1',
        SIMULATOR_PORT: '0',
        LEADWIRE_API_URL: proxy.url,
        LEADWIRE_SERVICE_KEY: tenant.serviceKey,
        CONNECTOR_SPOOL_DIR: spool,
      }),
    });
    const post = (text: string) =>
      fetch(`${connector.simulatorServer!.url}/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+5511987650401', name: 'Clara', text }),
      }).then((r) => expect(r.status).toBeLessThan(300));
    const texts = Array.from({ length: 12 }, (_, i) => `mensagem ${i + 1}`);
    try {
      proxy.cut();
      for (const text of texts) await post(text);
      await new Promise((r) => setTimeout(r, 10_000));
      // Nothing reached the platform, and everything is on disk.
      expect((await ok(tenant.admin({ query: '{ leads { totalCount } }' }))).leads.totalCount).toBe(0);
      expect(readdirSync(join(spool, 'agent')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
      proxy.restore();
      await vi.waitFor(
        async () => {
          const lead = (await ok(tenant.admin({ query: '{ leads { edges { node { id } } } }' }))).leads.edges[0]?.node;
          expect(lead).toBeTruthy();
          const stored = await ok(tenant.admin({ query: 'query($l: ID!) { messages(leadId: $l, first: 50) { edges { node { body } } } }', variables: { l: lead.id } }));
          expect(stored.messages.edges.map((e: any) => e.node.body)).toEqual(texts);
        },
        { timeout: 20_000, interval: 200 },
      );
    } finally {
      await connector.close();
      await proxy.close();
      await platform.close();
      await flushRedisDatabase('redis://127.0.0.1:6379/9');
      rmSync(spool, { recursive: true, force: true });
    }
  }, 120_000);
});
