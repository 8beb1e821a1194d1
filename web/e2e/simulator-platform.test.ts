// The simulator's phone page against the whole platform, as `npm start` runs
// it: a person types in Chromium as a lead, the connector ingests it through
// the router, and a consultant's reply comes back to the page with its receipts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@leadwire/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConnectorConfig, startConnector, type RunningConnector } from '../../connector/src/index.ts';
import { ok } from '../../router/src/test/client.ts';
import { flushRedisDatabase } from '../../router/src/test/connector-process.ts';
import { createConnectorTenant, type ConnectorTenant } from '../../router/src/test/connector-tenant.ts';
import { sendMessage } from '../../router/src/test/operations.ts';
import { startPlatform, type Platform } from '../../router/src/test/platform.ts';
import { CHROMIUM, hasChromium, launchBrowser, skipWithoutChromium, type Pages } from './browser.ts';

const skipHere = skipWithoutChromium('web/e2e/simulator-platform.test.ts');

// A Redis database of this file's own, so no other test's outbound jobs reach this connector
// and flushing it touches nobody else's (no other test file uses 15).
const REDIS_URL = 'redis://127.0.0.1:6379/15';
const LEAD_PHONE = '+5511987650401';

const thread = (leadId: string) => ({
  query: 'query($l: ID!) { messages(leadId: $l) { edges { node { id body direction status waMessageId } } } }',
  variables: { l: leadId },
});

describe.skipIf(skipHere)(`the simulator's phone page against the platform${hasChromium ? '' : ` (${CHROMIUM} missing)`}`, () => {
  let pages: Pages | undefined;
  let platform: Platform | undefined;
  let connector: RunningConnector | undefined;
  let tenant: ConnectorTenant;
  let spool: string | undefined;
  let simulatorUrl: string;

  beforeAll(async () => {
    pages = await launchBrowser();
    spool = mkdtempSync(join(tmpdir(), 'leadwire-spool-'));
    const mediaDir = join(spool, 'media');
    platform = await startPlatform({ ownDatabase: 'simulator_page', env: { REDIS_URL }, jobRelay: { pollMs: 100 }, mediaDir });
    tenant = await createConnectorTenant(platform);
    connector = await startConnector({
      log: createLogger('connector', 'silent'),
      config: readConnectorConfig({
        NODE_ENV: 'test',
        REDIS_URL,
        PORT: '0',
        SIMULATOR: '1',
        SIMULATOR_PORT: '0',
        // Apart enough for the page's one-second poll to see the message delivered before it is read.
        SIMULATOR_RECEIPT_DELAYS_MS: '100,200,2500',
        OUTBOUND_SEND_INTERVAL_MS: '50',
        OUTBOUND_TYPING_MS: '0',
        LEADWIRE_API_URL: platform.routerUrl,
        LEADWIRE_SERVICE_KEY: tenant.serviceKey,
        CONNECTOR_SPOOL_DIR: spool,
        MEDIA_DIR: mediaDir,
      }),
    });
    simulatorUrl = connector.simulatorServer!.url;
  });

  afterEach(async () => {
    expect(await pages?.closeAll(), 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await pages?.close();
    await connector?.close();
    await platform?.close();
    await flushRedisDatabase(REDIS_URL);
    if (spool) rmSync(spool, { recursive: true, force: true });
  });

  it('a message typed in the page becomes the lead’s message in the API; a consultant’s reply appears in the page and is read', async () => {
    const page = await pages!.open(`${simulatorUrl}/`);
    await page.getByLabel('Telefone do lead').fill(LEAD_PHONE);
    await page.getByLabel('Nome').fill('Renata Lima');
    await page.getByRole('button', { name: 'Abrir conversa' }).click();
    await page.getByLabel('Mensagem').fill('Oi, vi o anúncio do apartamento');
    await page.getByRole('button', { name: 'Enviar' }).click();

    // The lead WhatsApp made of the number, found through the router with the workspace's admin.
    const leadId = await vi.waitFor(
      async () => {
        const found = (await ok(tenant.admin({ query: '{ leads(search: "Renata Lima") { edges { node { id phone } } } }' }))).leads.edges;
        expect(found.map((e: any) => e.node.phone)).toEqual([LEAD_PHONE]);
        return found[0].node.id as string;
      },
      { timeout: 10_000, interval: 100 },
    );
    const inbound = await vi.waitFor(
      async () => {
        const messages = (await ok(tenant.admin(thread(leadId)))).messages.edges.map((e: any) => e.node);
        expect(messages).toMatchObject([{ direction: 'INBOUND', body: 'Oi, vi o anúncio do apartamento' }]);
        return messages[0];
      },
      { timeout: 10_000, interval: 100 },
    );
    // The very message the page shows, by its WhatsApp id.
    const mine = page.locator(`li.bubble.mine[data-id="${inbound.waMessageId}"]`);
    await mine.waitFor();
    expect(await mine.locator('.text').textContent()).toBe('Oi, vi o anúncio do apartamento');

    await ok(tenant.admin(sendMessage(leadId, 'Olá Renata! A entrada é de 20%.')));
    const theirs = page.locator('li.bubble.theirs').filter({ hasText: 'Olá Renata! A entrada é de 20%.' });
    await theirs.waitFor({ timeout: 15_000 });
    expect(await theirs.locator('.session').textContent()).toBe('team');
    // Delivered first (two grey ticks), then read (blue), as the receipts arrive.
    await expect.poll(() => theirs.getAttribute('data-status'), { timeout: 5_000, interval: 100 }).toBe('DELIVERED');
    expect(await theirs.locator('.ticks').getAttribute('class')).toBe('ticks');
    await expect.poll(() => theirs.getAttribute('data-status'), { timeout: 10_000, interval: 100 }).toBe('READ');
    expect(await theirs.locator('.ticks').getAttribute('class')).toBe('ticks read');
    expect(await theirs.locator('.ticks').textContent()).toBe('✓✓');

    // The page and the API agree: the reply is the lead's second message, read.
    const outbound = await vi.waitFor(
      async () => {
        const messages = (await ok(tenant.admin(thread(leadId)))).messages.edges.map((e: any) => e.node);
        expect(messages.map((m: any) => [m.direction, m.body])).toEqual([
          ['INBOUND', 'Oi, vi o anúncio do apartamento'],
          ['OUTBOUND', 'Olá Renata! A entrada é de 20%.'],
        ]);
        expect(messages[1].status).toBe('READ');
        return messages[1];
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(await theirs.getAttribute('data-id')).toBe(outbound.waMessageId);
    expect(await page.locator('li.bubble').count()).toBe(2);
  });
});
