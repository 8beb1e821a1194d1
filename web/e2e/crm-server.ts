// The CRM under test: the Vite dev server, whose /graphql proxy (HTTP and
// websocket) points at a platform the test started in its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createLogger, createServer, type Logger } from 'vite';

const WEB_ROOT = join(import.meta.dirname, '..');

/**
 * Vite's logger minus one expected message: closing a browser context drops
 * the page's websocket without a close frame, which the /graphql proxy reports
 * as ECONNRESET. Every other error still shows.
 */
function viteLogger(): Logger {
  const logger = createLogger('warn');
  const error = logger.error.bind(logger);
  logger.error = (msg, options) => {
    const code = (options?.error as NodeJS.ErrnoException | null | undefined)?.code;
    if (code === 'ECONNRESET' && msg.includes('ws proxy')) return;
    error(msg, options);
  };
  return logger;
}

export interface CrmServer {
  /** The app's root URL, ending in "/". */
  url: string;
  close(): Promise<void>;
}

export async function startCrmServer(routerUrl: string): Promise<CrmServer> {
  // web/vite.config.ts reads the router's address when it is loaded.
  const previous = process.env.LEADWIRE_ROUTER_URL;
  process.env.LEADWIRE_ROUTER_URL = new URL(routerUrl).origin;
  // A cache of its own, so a developer's running `npm start` (same root) is left alone.
  const cacheDir = mkdtempSync(join(tmpdir(), 'leadwire-web-e2e-'));
  try {
    const vite = await createServer({
      configFile: join(WEB_ROOT, 'vite.config.ts'),
      root: WEB_ROOT,
      cacheDir,
      customLogger: viteLogger(),
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    });
    await vite.listen();
    return {
      url: `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}/`,
      async close() {
        await vite.close();
        rmSync(cacheDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(cacheDir, { recursive: true, force: true });
    throw err;
  } finally {
    if (previous === undefined) delete process.env.LEADWIRE_ROUTER_URL;
    else process.env.LEADWIRE_ROUTER_URL = previous;
  }
}

export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}
