// The admins' queue dashboard ("Filas") in Chromium, against the whole
// platform: the figures on screen are the ones jobQueues answers through the
// router, and consultants get neither the link nor the data. How the page
// reads figures (Redis down, lag, failures) is in web/src/admin/queues-view.test.ts.
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ok } from '../../router/src/test/client.ts';
import { createTenant, TENANT_PASSWORD, type Tenant } from '../../router/src/test/fixtures.ts';
import { startPlatform, type Platform } from '../../router/src/test/platform.ts';
import { CHROMIUM, hasChromium, launchBrowser, skipWithoutChromium, type Pages } from './browser.ts';
import { startCrmServer, submitLogin, type CrmServer } from './crm-server.ts';

const skipHere = skipWithoutChromium('web/e2e/queues.test.ts');

const JOB_QUEUES = { query: '{ jobQueues { name open unrelayed relayLagSeconds waiting active delayed failed completed redisAvailable } }' };
const COUNTS = ['open', 'unrelayed', 'waiting', 'active', 'delayed', 'failed', 'completed'] as const;
const count = new Intl.NumberFormat('pt-BR');

interface ApiQueue {
  name: string;
  relayLagSeconds: number;
  redisAvailable: boolean;
  [field: string]: number | string | boolean | null;
}

/** Each row as the page shows it: the queue's name, then each cell's text and highlight. */
function shownQueues(page: Page) {
  return page.locator('[data-testid=queue-row]').evaluateAll((rows) =>
    rows.map((row) => ({
      name: (row as HTMLElement).dataset.queue!,
      label: row.querySelector('th')!.firstChild!.textContent,
      redis: (row as HTMLElement).dataset.redis,
      cells: Object.fromEntries(
        Array.from(row.querySelectorAll('td'), (td) => [td.dataset.field!, { text: td.textContent, level: td.dataset.level }]),
      ),
    })),
  );
}

const isJobQueues = (request: Request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('jobQueues');

describe.skipIf(skipHere)(`the queue dashboard in Chromium${hasChromium ? '' : ` (${CHROMIUM} missing)`}`, () => {
  let pages: Pages | undefined;
  let platform: Platform | undefined;
  let crm: CrmServer | undefined;
  let tenant: Tenant;

  beforeAll(async () => {
    pages = await launchBrowser();
    platform = await startPlatform();
    tenant = await createTenant(platform);
    crm = await startCrmServer(platform.routerUrl);
  });

  afterEach(async () => {
    expect(await pages?.closeAll(), 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await pages?.close();
    await crm?.close();
    await platform?.close();
  });

  async function logIn(email: string, path = ''): Promise<Page> {
    const page = await pages!.open(`${crm!.url}${path}`);
    await submitLogin(page, email, TENANT_PASSWORD);
    await page.locator('.topbar-user').waitFor();
    return page;
  }

  it('an admin opens Filas from the menu and sees each queue’s figures as jobQueues gives them, kept fresh', async () => {
    const page = await logIn(tenant.admin.email);
    await page.locator('[data-testid=board-column]').first().waitFor();
    const polls: number[] = [];
    page.on('request', (request) => void (isJobQueues(request) && polls.push(Date.now())));

    await page.getByRole('link', { name: 'Filas' }).click();
    await page.locator('[data-testid=queue-row]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/queues');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Filas');
    expect(await page.getByRole('link', { name: 'Filas' }).getAttribute('aria-current')).toBe('page');

    // The counts move as other work runs: retried until one read of the API and the screen agree.
    await vi.waitFor(
      async () => {
        const api = (await ok(tenant.admin.call(JOB_QUEUES))).jobQueues as ApiQueue[];
        const shown = await shownQueues(page);
        expect(api.map((q) => q.name).sort()).toEqual(['outbound', 'qualification']);
        expect(shown.map((q) => q.name)).toEqual(api.map((q) => q.name));
        for (const queue of api) {
          const row = shown.find((q) => q.name === queue.name)!;
          expect(row.redis).toBe(queue.redisAvailable ? 'up' : 'down');
          for (const field of COUNTS) expect(row.cells[field]!.text, `${queue.name}.${field}`).toBe(count.format(queue[field] as number));
          expect(row.cells.failed!.level).toBe((queue.failed as number) > 0 ? 'alert' : 'ok');
          if (queue.relayLagSeconds < 1) expect(row.cells.relayLagSeconds).toEqual({ text: '0 s', level: 'ok' });
        }
      },
      { timeout: 20_000, interval: 500 },
    );
    const shown = await shownQueues(page);
    expect(Object.fromEntries(shown.map((q) => [q.name, q.label]))).toEqual({ qualification: 'Qualificação', outbound: 'Envios de WhatsApp' });
    expect(await page.getByTestId('redis-down').count()).toBe(0);

    // Asked again every few seconds, in the same document.
    await vi.waitFor(() => expect(polls.length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 250 });
    expect(polls.at(-1)! - polls.at(-2)!).toBeGreaterThanOrEqual(3_000);

    await page.getByRole('link', { name: 'Quadro' }).click();
    await page.locator('[data-testid=board-column]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('a consultant gets no Filas link, and the page itself says no access without asking for the data', async () => {
    const consultant = tenant.consultants[0]!;
    const page = await logIn(consultant.email);
    await page.locator('[data-testid=board-column]').first().waitFor();
    expect(await page.getByRole('link', { name: 'Quadro' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Filas' }).count()).toBe(0);

    const asked: string[] = [];
    page.on('request', (request) => void (isJobQueues(request) && asked.push(request.url())));
    await page.goto(`${crm!.url}admin/queues`);
    await page.getByRole('heading', { name: 'Sem acesso' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Você não tem acesso a esta página.');
    expect(await page.locator('[data-testid=queue-row]').count()).toBe(0);
    expect(asked).toEqual([]);

    // And had the page asked, the server says no.
    const refused = await consultant.call(JOB_QUEUES);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.jobQueues ?? null).toBeNull();
  });

  it('an unknown address says so and leads back to the board', async () => {
    const page = await logIn(tenant.admin.email, 'no/such/page');
    await page.getByRole('heading', { name: 'Página não encontrada' }).waitFor();
    await page.getByRole('link', { name: 'Voltar ao quadro' }).click();
    await page.locator('[data-testid=board-column]').first().waitFor();
  });
});
