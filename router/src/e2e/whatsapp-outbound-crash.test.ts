import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, test, vi } from 'vitest';
import { ok } from '../test/client.ts';
import { createConnectorTenant } from '../test/connector-tenant.ts';
import { flushRedisDatabase, startConnectorProcess } from '../test/connector-process.ts';
import { createLead, sendMessage } from '../test/operations.ts';
import { freePort, startPlatform } from '../test/platform.ts';

describe('a connector killed while sending sends the message once', () => {
  test('SIGKILL while the send is under way: another connector takes the job and the lead gets the message once', async () => {
    const redisUrl = 'redis://127.0.0.1:6379/11';
    const platform = await startPlatform({ ownDatabase: 'outbound_crash', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 100 } });
    const tenant = await createConnectorTenant(platform);
    const spool = mkdtempSync(join(tmpdir(), 'leadwire-spool-'));
    const [port, simulatorPort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: 'test',
      REDIS_URL: redisUrl,
      SIMULATOR: '1',
      SIMULATOR_PORT: String(simulatorPort),
      SIMULATOR_RECEIPT_DELAYS_MS: '50,100,150',
      LEADWIRE_API_URL: platform.routerUrl,
      LEADWIRE_SERVICE_KEY: tenant.serviceKey,
      CONNECTOR_SPOOL_DIR: spool,
      // A long "typing…" keeps the send under way long enough to kill it there.
      OUTBOUND_TYPING_MS: '3000',
      OUTBOUND_LOCK_MS: '1500',
    };
    const queue = new Queue('outbound', { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
    let first: ChildProcess | undefined;
    let second: ChildProcess | undefined;
    try {
      first = await startConnectorProcess(env, port);
      const leadId = (await ok(tenant.admin(createLead({ name: 'Sofia', phone: '+5511987650701' })))).createLead.id;
      const sent = (await ok(tenant.admin(sendMessage(leadId, 'Sofia, sua proposta está pronta.')))).sendMessage;
      await vi.waitFor(async () => expect(await (await queue.getJob(sent.id))?.getState()).toBe('active'), { timeout: 10_000, interval: 50 });
      first.kill('SIGKILL');
      await new Promise<void>((resolve) => first!.once('exit', () => resolve()));

      second = await startConnectorProcess({ ...env, OUTBOUND_TYPING_MS: '0' }, port);
      await vi.waitFor(
        async () => {
          const thread = (await (await fetch(`http://127.0.0.1:${simulatorPort}/simulator/messages?phone=${encodeURIComponent('+5511987650701')}`)).json()) as {
            messages: Array<{ direction: string; text: string }>;
          };
          expect(thread.messages.filter((m) => m.direction === 'OUT').map((m) => m.text)).toEqual(['Sofia, sua proposta está pronta.']);
          const stored = await ok(tenant.admin({ query: 'query($l: ID!) { messages(leadId: $l) { edges { node { status } } } }', variables: { l: leadId } }));
          expect(stored.messages.edges.map((e: any) => e.node.status)).toEqual(['READ']);
        },
        { timeout: 30_000, interval: 200 },
      );
    } finally {
      first?.kill('SIGKILL');
      second?.kill('SIGTERM');
      await queue.close();
      await platform.close();
      await flushRedisDatabase(redisUrl);
      rmSync(spool, { recursive: true, force: true });
    }
  }, 90_000);
});
