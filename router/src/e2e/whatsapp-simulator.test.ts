import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@leadwire/platform';
import { describe, expect, test, vi } from 'vitest';
import { readConnectorConfig, startConnector } from '../../../connector/src/index.ts';
import { ok } from '../test/client.ts';
import { flushRedisDatabase } from '../test/connector-process.ts';
import { createConnectorTenant } from '../test/connector-tenant.ts';
import { messageAddedSubscription, sendMessage } from '../test/operations.ts';
import { startPlatform } from '../test/platform.ts';
import { subscriber } from '../test/ws-client.ts';

const thread = (leadId: string) => ({
  query: 'query($l: ID!) { messages(leadId: $l) { edges { node { id body direction status } } } }',
  variables: { l: leadId },
});

/**
 * The whole flow with no phone, as `npm start` runs it: the platform, the
 * connector with its WhatsApp simulator, and people talking through both ends.
 */
describe('the simulator runs the whole WhatsApp flow without a phone', () => {
  test('a message posted to the simulator reaches the lead’s thread and messageAdded; a consultant’s reply reaches the simulator and is READ; a document arrives and the API serves it', async () => {
    // A Redis database of this test's own, so no other test's outbound jobs reach this connector.
    const redisUrl = 'redis://127.0.0.1:6379/8';
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-spool-'));
    const mediaDir = join(spool, 'media');
    const platform = await startPlatform({ ownDatabase: 'simulator', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 100 }, mediaDir });
    const tenant = await createConnectorTenant(platform);
    const connector = await startConnector({
      log: createLogger('connector', process.env.DBG_CONNECTOR ? 'debug' : 'silent'),
      config: readConnectorConfig({
        NODE_ENV: 'test',
        REDIS_URL: redisUrl,
        PORT: '0',
        SIMULATOR: '1',
        SIMULATOR_PORT: '0',
        SIMULATOR_RECEIPT_DELAYS_MS: '50,100,150',
        OUTBOUND_SEND_INTERVAL_MS: '50',
        OUTBOUND_TYPING_MS: '0',
        LEADWIRE_API_URL: platform.routerUrl,
        LEADWIRE_SERVICE_KEY: tenant.serviceKey,
        CONNECTOR_SPOOL_DIR: spool,
        MEDIA_DIR: mediaDir,
      }),
    });
    const simulatorUrl = `${connector.simulatorServer!.url}/simulator/messages`;
    const post = async (text: string) => {
      const res = await fetch(simulatorUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+5511987650301', name: 'Renata', text }),
      });
      expect(res.status).toBeLessThan(300);
      return ((await res.json()) as { id: string }).id;
    };
    try {
      await post('Oi, vi o anúncio do apartamento');
      const leadId = await vi.waitFor(
        async () => {
          const found = (await ok(tenant.admin({ query: '{ leads(search: "Renata") { edges { node { id } } } }' }))).leads.edges;
          expect(found).toHaveLength(1);
          return found[0].node.id as string;
        },
        { timeout: 10_000, interval: 100 },
      );
      // The lead exists a moment before its first message is stored: wait for the message.
      await vi.waitFor(async () => expect((await ok(tenant.admin(thread(leadId)))).messages.edges).toHaveLength(1), { timeout: 10_000, interval: 100 });
      const head = (await ok(tenant.admin({ query: 'query($l: ID!) { messageCursor(leadId: $l) }', variables: { l: leadId } }))).messageCursor;
      const live = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.serviceKey}` }, {
        ...messageAddedSubscription(leadId),
        variables: { leadId, after: head },
        query: 'subscription Messages($leadId: ID!, $after: String) { messageAdded(leadId: $leadId, after: $after) { id body } }',
      });
      await post('Qual o valor da entrada?');
      expect((await live.waitFor(1))[0]!.data.messageAdded.body).toBe('Qual o valor da entrada?');
      await live.close();

      await ok(tenant.admin(sendMessage(leadId, 'Olá Renata! A entrada é de 20%.')));
      await vi.waitFor(
        async () => {
          const seen = (await (await fetch(`${simulatorUrl}?phone=${encodeURIComponent('+5511987650301')}`)).json()) as { messages: any[] };
          expect(seen.messages.map((m) => [m.direction, m.text])).toEqual([
            ['IN', 'Oi, vi o anúncio do apartamento'],
            ['IN', 'Qual o valor da entrada?'],
            ['OUT', 'Olá Renata! A entrada é de 20%.'],
          ]);
        },
        { timeout: 15_000, interval: 100 },
      );
      await vi.waitFor(
        async () => {
          const messages = (await ok(tenant.admin(thread(leadId)))).messages.edges.map((e: any) => e.node);
          expect(messages.at(-1)).toMatchObject({ direction: 'OUTBOUND', status: 'READ' });
        },
        { timeout: 15_000, interval: 100 },
      );

      // A document the lead sends: downloaded and decrypted by the connector, served by the API to the workspace.
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 7)]);
      const sentPdf = await fetch(simulatorUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+5511987650301', name: 'Renata', text: 'Meu holerite', media: { base64: pdf.toString('base64'), mime: 'application/pdf', fileName: 'holerite.pdf' } }),
      });
      expect(sentPdf.status).toBeLessThan(300);
      const document = await vi.waitFor(
        async () => {
          const messages = (await ok(tenant.admin({ query: 'query($l: ID!) { messages(leadId: $l) { edges { node { type body mediaUrl mediaMime mediaFileName mediaSize } } } }', variables: { l: leadId } })))
            .messages.edges.map((e: any) => e.node);
          const found = messages.find((m: any) => m.type === 'DOCUMENT');
          expect(found).toMatchObject({ body: 'Meu holerite', mediaMime: 'application/pdf', mediaFileName: 'holerite.pdf', mediaSize: pdf.length });
          return found;
        },
        { timeout: 15_000, interval: 100 },
      );
      const token = tenant.adminToken;
      const file = await fetch(new URL(document.mediaUrl, platform.routerUrl), { headers: { authorization: `Bearer ${token}` } });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    } finally {
      await connector.close();
      await platform.close();
      await flushRedisDatabase(redisUrl);
      rmSync(spool, { recursive: true, force: true });
    }
  }, 120_000);
});
