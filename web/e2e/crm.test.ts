// The CRM in a real browser: Debian's Chromium (driven by playwright-core)
// against the Vite dev server, whose /graphql proxy (HTTP and websocket)
// points at the whole platform started in this process over the test
// database and Redis. Nothing is mocked between the page and PostgreSQL.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ok } from '../../router/src/test/client.ts';
import { createTenant, TENANT_PASSWORD, type Tenant } from '../../router/src/test/fixtures.ts';
import { assignLead, board, createLead, lead, moveLead } from '../../router/src/test/operations.ts';
import { startPlatform, type Platform } from '../../router/src/test/platform.ts';
import { CHROMIUM, hasChromium, launchBrowser, skipWithoutChromium, type Pages } from './browser.ts';
import { startCrmServer, submitLogin, type CrmServer } from './crm-server.ts';

const skipHere = skipWithoutChromium('web/e2e/crm.test.ts');

/** "R$ 1.234,56" with its no-break space turned into a plain one. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const stageQuery = (id: string) => ({ query: 'query LeadStage($id: ID!) { lead(id: $id) { id stage { id } } }', variables: { id } });

interface Stage {
  id: string;
  name: string;
}

describe.skipIf(skipHere)(`CRM in Chromium${hasChromium ? '' : ` (${CHROMIUM} missing)`}`, () => {
  let platform: Platform | undefined;
  let crm: CrmServer | undefined;
  let pages: Pages | undefined;
  let tenant: Tenant;
  let appUrl: string;
  let stages: Stage[];
  let adminEmail: string;
  let anaEmail: string;
  let anaName: string;
  const leads: Record<'carla' | 'diego' | 'elisa' | 'fabio' | 'gabi', string> = {} as never;

  beforeAll(async () => {
    pages = await launchBrowser();
    platform = await startPlatform();
    tenant = await createTenant(platform);
    const { admin, consultants } = tenant;
    stages = (await ok(admin.call(board()))).board.columns.map((c: { stage: Stage }) => ({ id: c.stage.id, name: c.stage.name }));
    expect(stages.length).toBeGreaterThanOrEqual(4);

    const create = async (name: string, dealValue: number, stage: Stage) =>
      (await ok(admin.call(createLead({ name, dealValue, stageId: stage.id })))).createLead.id as string;
    leads.carla = await create('Carla Mendes', 1500, stages[0]!);
    leads.diego = await create('Diego Alves', 2500.5, stages[0]!);
    leads.elisa = await create('Elisa Prado', 10000, stages[1]!);
    leads.fabio = await create('Fábio Ramos', 700, stages[1]!);
    leads.gabi = await create('Gabriela Lima', 320, stages[1]!);
    await ok(admin.call(assignLead(leads.carla, consultants[0]!.id)));
    anaName = (await ok(admin.call(lead(leads.carla)))).lead.assignee.name;

    adminEmail = admin.email;
    anaEmail = consultants[0]!.email;

    crm = await startCrmServer(platform.routerUrl);
    appUrl = crm.url;
  });

  afterEach(async () => {
    expect(await pages?.closeAll(), 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await pages?.close();
    await crm?.close();
    await platform?.close();
  });

  const newPage = () => pages!.open(appUrl);

  /** Logs in through the form and waits for the board's columns. */
  async function logIn(email: string): Promise<Page> {
    const page = await newPage();
    await submitLogin(page, email, TENANT_PASSWORD);
    await page.locator('[data-testid=board-column]').first().waitFor();
    return page;
  }

  const column = (page: Page, stage: Stage) => page.locator(`[data-testid=board-column][data-stage-id="${stage.id}"]`);
  const card = (page: Page, leadId: string) => page.locator(`[data-testid=lead-card][data-lead-id="${leadId}"]`);

  it('logs in as the tenant admin and shows the columns, the leads, their BRL sums and the assignee', async () => {
    const page = await logIn(adminEmail);
    await expect.poll(() => page.locator('[data-testid=board-column] h2').allTextContents()).toEqual(stages.map((s) => s.name));
    await expect.poll(() => page.locator('.topbar-user').textContent()).toBe('Tenant Admin');

    // Each lead in the column it was created in.
    await column(page, stages[0]!).locator(card(page, leads.carla)).waitFor();
    await column(page, stages[0]!).locator(card(page, leads.diego)).waitFor();
    await column(page, stages[1]!).locator(card(page, leads.elisa)).waitFor();
    expect(await column(page, stages[0]!).locator('[data-testid=lead-card]').count()).toBe(2);
    expect(await column(page, stages[1]!).locator('[data-testid=lead-card]').count()).toBe(3);

    // Sums and values in BRL, as pt-BR writes them.
    expect(plain(await column(page, stages[0]!).getByTestId('column-sum').textContent())).toBe('R$ 4.000,50');
    expect(plain(await column(page, stages[1]!).getByTestId('column-sum').textContent())).toBe('R$ 11.020,00');
    expect(plain(await column(page, stages[0]!).getByTestId('column-count').textContent())).toBe('2');
    expect(plain(await card(page, leads.diego).getByTestId('lead-value').textContent())).toBe('R$ 2.500,50');
    expect(await card(page, leads.carla).locator('strong').textContent()).toBe('Carla Mendes');

    expect(await card(page, leads.carla).getByTestId('lead-assignee').textContent()).toBe(anaName);
    expect(await card(page, leads.diego).getByTestId('lead-assignee').textContent()).toBe('Sem responsável');
  });

  it('a wrong password shows an error and stays on the login page', async () => {
    const page = await newPage();
    await submitLogin(page, adminEmail, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(plain(await alert.textContent())).not.toBe('');
    expect(await page.getByRole('button', { name: 'Entrar' }).isVisible()).toBe(true);
    expect(await page.locator('[data-testid=board-column]').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('leadwire.session'))).toBeNull();
  });

  it('shows a lead moved through the API in its new column without a reload (subscription)', async () => {
    const page = await logIn(adminEmail);
    await column(page, stages[1]!).locator(card(page, leads.fabio)).waitFor();
    // Survives only as long as this document does: a reload would clear it.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await ok(tenant.admin.call(moveLead(leads.fabio, stages[2]!.id, 0)));

    await column(page, stages[2]!).locator(card(page, leads.fabio)).waitFor({ timeout: 5_000 });
    expect(await column(page, stages[1]!).locator(card(page, leads.fabio)).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('dragging a card onto another column moves the lead (the API reports the new stage)', async () => {
    const page = await logIn(adminEmail);
    const source = column(page, stages[1]!).locator(card(page, leads.gabi));
    const target = stages[3]!;
    await source.waitFor();

    await source.dragTo(column(page, target).locator('.column-header'));

    await vi.waitFor(
      async () => {
        const data = await ok(tenant.admin.call(stageQuery(leads.gabi)));
        expect(data.lead.stage.id).toBe(target.id);
      },
      { timeout: 5_000, interval: 100 },
    );
    await column(page, target).locator(card(page, leads.gabi)).waitFor({ timeout: 5_000 });
    expect(await column(page, stages[1]!).locator(card(page, leads.gabi)).count()).toBe(0);
  });

  it('a consultant sees only the leads assigned to them', async () => {
    const page = await logIn(anaEmail);
    await expect.poll(() => page.locator('.topbar-user').textContent()).toBe(anaName);
    await card(page, leads.carla).waitFor();
    const visible = await page.locator('[data-testid=lead-card]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-lead-id')));
    expect(visible).toEqual([leads.carla]);
  });
});
