// The live board in Chromium, against the whole platform: changes made
// elsewhere (another browser, the API) reach an open board through its
// subscription and are applied to the cards, counts and sums it already has,
// without the board query being sent again. How each event changes a board is
// in web/src/board/apply-board-event.test.ts.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ok } from '../../router/src/test/client.ts';
import { createTenant, TENANT_PASSWORD, type Tenant } from '../../router/src/test/fixtures.ts';
import { assignLead, board, createLead, moveLead } from '../../router/src/test/operations.ts';
import { startPlatform, type Platform } from '../../router/src/test/platform.ts';
import { CHROMIUM, hasChromium, launchBrowser, skipWithoutChromium, type Pages } from './browser.ts';
import { startCrmServer, submitLogin, type CrmServer } from './crm-server.ts';

const skipHere = skipWithoutChromium('web/e2e/board-live.test.ts');

/** "R$ 1.234,56" with its no-break space turned into a plain one. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const updateLead = (id: string, input: Record<string, unknown>) => ({
  query: 'mutation UpdateLead($id: ID!, $input: UpdateLeadInput!) { updateLead(id: $id, input: $input) { id } }',
  variables: { id, input },
});
const deleteLead = (id: string) => ({ query: 'mutation DeleteLead($id: ID!) { deleteLead(id: $id) }', variables: { id } });

interface Stage {
  id: string;
  name: string;
}

/** What a page asked the API: HTTP operations by name, and board subscriptions opened on its socket. */
interface Traffic {
  operations: string[];
  boardSubscriptions: number;
}

function watchTraffic(page: Page): Traffic {
  const traffic: Traffic = { operations: [], boardSubscriptions: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/graphql' || request.method() !== 'POST') return;
    const body = JSON.parse(request.postData() ?? '{}') as { operationName?: string };
    traffic.operations.push(body.operationName ?? '(unnamed)');
  });
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; payload?: { query?: string } };
      if (message.type === 'subscribe' && message.payload?.query?.includes('boardEvents')) traffic.boardSubscriptions += 1;
    }),
  );
  return traffic;
}

const sent = (traffic: Traffic, operation: string) => traffic.operations.filter((name) => name === operation).length;

describe.skipIf(skipHere)(`the live board in Chromium${hasChromium ? '' : ` (${CHROMIUM} missing)`}`, () => {
  let platform: Platform | undefined;
  let crm: CrmServer | undefined;
  let pages: Pages | undefined;
  let tenant: Tenant;
  let stages: Stage[];
  const leads: Record<'bruna' | 'caio' | 'davi' | 'eva' | 'hugo' | 'ivo', string> = {} as never;

  const create = async (name: string, dealValue: number, stage: Stage) =>
    (await ok(tenant.admin.call(createLead({ name, dealValue, stageId: stage.id })))).createLead.id as string;

  beforeAll(async () => {
    pages = await launchBrowser();
    platform = await startPlatform();
    tenant = await createTenant(platform);
    stages = (await ok(tenant.admin.call(board()))).board.columns.map((c: { stage: Stage }) => ({ id: c.stage.id, name: c.stage.name }));
    expect(stages.length).toBeGreaterThanOrEqual(4);

    // Each new lead goes to the top of its column.
    leads.bruna = await create('Bruna Costa', 1000, stages[0]!);
    leads.caio = await create('Caio Nunes', 250.25, stages[0]!);
    leads.davi = await create('Davi Souza', 4000, stages[1]!);
    leads.eva = await create('Eva Lopes', 600, stages[1]!);
    leads.hugo = await create('Hugo Reis', 300, stages[2]!);
    leads.ivo = await create('Ivo Matos', 80, stages[2]!);
    await ok(tenant.admin.call(assignLead(leads.hugo, tenant.consultants[0]!.id)));

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

  /**
   * Logs in through the form, waits for the board and its subscription, and
   * returns what the page has asked since the login page opened.
   */
  async function logIn(email: string): Promise<{ page: Page; traffic: Traffic }> {
    const page = await pages!.open(crm!.url);
    const traffic = watchTraffic(page);
    await submitLogin(page, email, TENANT_PASSWORD);
    await page.locator('[data-testid=board-column]').first().waitFor();
    await vi.waitFor(() => expect(traffic.boardSubscriptions).toBeGreaterThanOrEqual(1), { timeout: 5_000 });
    // The watcher does see the board query: its silence later means something.
    expect(sent(traffic, 'Board')).toBeGreaterThanOrEqual(1);
    // Survives only as long as this document does: a reload would clear it.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    return { page, traffic };
  }

  const column = (page: Page, stage: Stage) => page.locator(`[data-testid=board-column][data-stage-id="${stage.id}"]`);
  const card = (page: Page, leadId: string) => page.locator(`[data-testid=lead-card][data-lead-id="${leadId}"]`);

  /** A column as shown: its cards top to bottom, its count and its sum. */
  async function shown(page: Page, stage: Stage) {
    const col = column(page, stage);
    return {
      cards: await col.locator('[data-testid=lead-card]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-lead-id'))),
      count: plain(await col.getByTestId('column-count').textContent()),
      sum: plain(await col.getByTestId('column-sum').textContent()),
    };
  }

  const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument);

  it('a card dragged in one browser moves in another, with counts and sums, without asking for the board again', async () => {
    const mover = await logIn(tenant.admin.email);
    const watcher = await logIn(tenant.admin.email);
    const moverBoards = sent(mover.traffic, 'Board');
    const watcherBoards = sent(watcher.traffic, 'Board');

    expect(await shown(watcher.page, stages[0]!)).toEqual({ cards: [leads.caio, leads.bruna], count: '2', sum: 'R$ 1.250,25' });
    expect(await shown(watcher.page, stages[1]!)).toEqual({ cards: [leads.eva, leads.davi], count: '2', sum: 'R$ 4.600,00' });

    // Bruna dropped on Davi lands just above him.
    await card(mover.page, leads.bruna).dragTo(card(mover.page, leads.davi));

    const expected = {
      from: { cards: [leads.caio], count: '1', sum: 'R$ 250,25' },
      to: { cards: [leads.eva, leads.bruna, leads.davi], count: '3', sum: 'R$ 5.600,00' },
    };
    for (const { page } of [watcher, mover]) {
      await expect.poll(() => shown(page, stages[1]!), { timeout: 5_000 }).toEqual(expected.to);
      expect(await shown(page, stages[0]!)).toEqual(expected.from);
    }
    // A board query answered after the event would still be on its way: give it time to show.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(watcher.traffic, 'Board')).toBe(watcherBoards);
    expect(sent(mover.traffic, 'Board')).toBe(moverBoards);
    expect(sent(watcher.traffic, 'BoardEventsSince'), 'no gap to fill').toBe(0);
    expect(await sameDocument(watcher.page)).toBe(true);
  });

  it('a lead created, updated and deleted through the API appears, changes and goes, with counts and sums', async () => {
    const { page, traffic } = await logIn(tenant.admin.email);
    const boards = sent(traffic, 'Board');
    const target = stages[3]!;
    expect(await shown(page, target)).toEqual({ cards: [], count: '0', sum: 'R$ 0,00' });

    const gil = await create('Gil Rocha', 99.9, target);
    await expect.poll(() => shown(page, target), { timeout: 5_000 }).toEqual({ cards: [gil], count: '1', sum: 'R$ 99,90' });
    expect(await card(page, gil).locator('strong').textContent()).toBe('Gil Rocha');

    const jana = await create('Jana Dias', 1200, target);
    await expect.poll(() => shown(page, target), { timeout: 5_000 }).toEqual({ cards: [jana, gil], count: '2', sum: 'R$ 1.299,90' });

    await ok(tenant.admin.call(updateLead(gil, { dealValue: 150, name: 'Gil Rocha Filho' })));
    await expect.poll(() => shown(page, target), { timeout: 5_000 }).toEqual({ cards: [jana, gil], count: '2', sum: 'R$ 1.350,00' });
    expect(plain(await card(page, gil).getByTestId('lead-value').textContent())).toBe('R$ 150,00');
    expect(await card(page, gil).locator('strong').textContent()).toBe('Gil Rocha Filho');

    await ok(tenant.admin.call(deleteLead(jana)));
    await expect.poll(() => shown(page, target), { timeout: 5_000 }).toEqual({ cards: [gil], count: '1', sum: 'R$ 150,00' });

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(traffic, 'Board')).toBe(boards);
    expect(sent(traffic, 'BoardEventsSince'), 'no gap to fill').toBe(0);
    expect(await sameDocument(page)).toBe(true);
  });

  it('a consultant’s board takes a lead given to them and follows its moves, though events hide positions from them', async () => {
    const { page, traffic } = await logIn(tenant.consultants[0]!.email);
    const boards = sent(traffic, 'Board');
    expect(await shown(page, stages[2]!)).toEqual({ cards: [leads.hugo], count: '1', sum: 'R$ 300,00' });

    // Ivo sits above Hugo in the column; among Ana's own cards he comes first too.
    await ok(tenant.admin.call(assignLead(leads.ivo, tenant.consultants[0]!.id)));
    await expect.poll(() => shown(page, stages[2]!), { timeout: 10_000 }).toEqual({ cards: [leads.ivo, leads.hugo], count: '2', sum: 'R$ 380,00' });
    expect(await card(page, leads.ivo).getByTestId('lead-assignee').textContent()).toMatch(/^Ana /);

    // Eva's card sits above Hugo's in the target column, but Ana cannot see it: Hugo comes first for her.
    await ok(tenant.admin.call(moveLead(leads.hugo, stages[1]!.id, 1)));
    await expect.poll(() => shown(page, stages[1]!), { timeout: 5_000 }).toEqual({ cards: [leads.hugo], count: '1', sum: 'R$ 300,00' });
    expect(await shown(page, stages[2]!)).toEqual({ cards: [leads.ivo], count: '1', sum: 'R$ 80,00' });

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(traffic, 'Board')).toBe(boards);
    expect(await sameDocument(page)).toBe(true);
  });
});
