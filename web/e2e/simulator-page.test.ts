// The simulator's phone page in Chromium, against a real Simulator and its
// HTTP server on loopback: what a person types reaches the session as a
// Baileys message, and what the platform sends shows up with its receipts.
import http from 'node:http';
import type { BaileysEventMap, WAMessage } from '@whiskeysockets/baileys';
import { createLogger } from '@leadwire/platform/logger';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { downloadWhatsAppMedia } from '../../connector/src/media/download-media.ts';
import { startSimulatorServer, type SimulatorServer } from '../../connector/src/simulator/http-api.ts';
import { jidOf } from '../../connector/src/simulator/simulated-socket.ts';
import { createSimulator, type Simulator } from '../../connector/src/simulator/simulator.ts';
import { CHROMIUM, hasChromium, launchBrowser, skipWithoutChromium, type Pages } from './browser.ts';

const skipHere = skipWithoutChromium('web/e2e/simulator-page.test.ts');
const log = { debug() {}, info() {}, warn() {}, error() {} };

describe.skipIf(skipHere)(`the simulator's phone page in Chromium${hasChromium ? '' : ` (${CHROMIUM} missing)`}`, () => {
  let sim: Simulator;
  let server: SimulatorServer;
  let pages: Pages | undefined;
  const stops: (() => Promise<void>)[] = [];
  const upserts: WAMessage[] = [];

  beforeAll(async () => {
    pages = await launchBrowser();
    // Receipts far enough apart for the page's one-second poll to see each.
    sim = createSimulator({ receiptDelaysMs: [1_500, 3_000, 4_500] });
    for (const s of [{ id: 'agent', kind: 'AGENT' as const }, { id: 'team', kind: 'TEAM' as const }]) {
      const source = sim.source(s);
      source.onSocket((sock) => {
        sock.ev.process(async (events: Partial<BaileysEventMap>) => {
          if (events['messages.upsert']?.type === 'notify') upserts.push(...events['messages.upsert'].messages);
        });
      });
      stops.push(() => source.stop());
    }
    server = await startSimulatorServer({ simulator: sim, port: 0, defaultRegion: 'BR', log: createLogger('test', 'silent') });
  });

  afterEach(async () => {
    expect(await pages?.closeAll(), 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await pages?.close();
    await server?.close();
    for (const stop of stops) await stop();
    await sim?.close();
  });

  async function openChat(phone: string, name: string): Promise<Page> {
    const page = await pages!.open(`${server.url}/`);
    await page.getByLabel('Telefone do lead').fill(phone);
    await page.getByLabel('Nome').fill(name);
    await page.getByRole('button', { name: 'Abrir conversa' }).click();
    await page.locator('#chat').waitFor();
    return page;
  }

  const bubble = (page: Page, id: string) => page.locator(`li.bubble[data-id="${id}"]`);

  it('is served with a strict policy, scripts from files only, and only to loopback names', async () => {
    for (const path of ['/', '/simulator']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      // No inline handlers or inline script: the policy would block them, and the page must not need them.
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => [m[0].includes(' src='), m[1]!.trim()])).toEqual([[true, '']]);
    }
    for (const file of ['phone-page.js', 'phone-page-bubble.js']) {
      const script = await fetch(`${server.url}/simulator/${file}`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await script.text()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
    const rebound = await new Promise<number>((resolve, reject) => {
      http
        .get(`${server.url}/`, { headers: { host: 'evil.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(rebound).toBe(403);
  });

  it('a person types as a lead: the session receives it from that number and name, and the page shows it', async () => {
    const page = await openChat('(11) 98765-0101', 'Renata Souza');
    expect(await page.locator('#chat-name').textContent()).toBe('Renata Souza');
    await page.getByLabel('Mensagem').fill('Oi, quero financiar um apartamento');
    await page.keyboard.press('Enter');

    const sent = await vi.waitFor(() => {
      const thread = sim.thread('+5511987650101');
      expect(thread).toMatchObject([{ direction: 'IN', session: 'agent', text: 'Oi, quero financiar um apartamento', status: 'RECEIVED' }]);
      return thread[0]!;
    });
    const raw = upserts.find((m) => m.key.id === sent.id);
    expect(raw).toMatchObject({ key: { remoteJid: '5511987650101@s.whatsapp.net', fromMe: false }, pushName: 'Renata Souza', message: { conversation: 'Oi, quero financiar um apartamento' } });

    const mine = bubble(page, sent.id);
    await mine.waitFor();
    expect(await mine.getAttribute('class')).toBe('bubble mine');
    expect(await mine.locator('.text').textContent()).toBe('Oi, quero financiar um apartamento');
    expect(await mine.getAttribute('data-status')).toBe('RECEIVED');
    expect(await page.getByLabel('Mensagem').inputValue()).toBe('');
  });

  it('shows what the platform sends on the left, its ticks moving from sent to read, without a reload', async () => {
    const phone = '+5511987650102';
    const page = await openChat(phone, 'Paulo');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await sim.socket('team')!.sendMessage(jidOf(phone), { text: 'Olá Paulo! A entrada é de 20%.' }, { messageId: 'OUT-PAGE-1' });

    const theirs = bubble(page, 'OUT-PAGE-1');
    await theirs.waitFor({ timeout: 5_000 });
    expect(await theirs.getAttribute('class')).toBe('bubble theirs');
    expect(await theirs.locator('.text').textContent()).toBe('Olá Paulo! A entrada é de 20%.');
    expect(await theirs.locator('.session').textContent()).toBe('team');

    // Every status the page shows, with the ticks it drew for it, until the message is read.
    const seen = new Map<string, { glyph: string; label: string | null; read: boolean }>();
    await vi.waitFor(
      async () => {
        // Read at once: the page may move on between two separate reads.
        const { status, ...look } = await theirs.evaluate((li) => {
          const ticks = li.querySelector('.ticks')!;
          return { status: li.getAttribute('data-status')!, glyph: ticks.textContent!, label: ticks.getAttribute('aria-label'), read: ticks.classList.contains('read') };
        });
        seen.set(status, look);
        expect(status).toBe('READ');
      },
      { timeout: 10_000, interval: 100 },
    );
    expect([...seen.keys()].filter((s) => s !== 'PENDING')).toEqual(['SENT', 'DELIVERED', 'READ']);
    expect(seen.get('SENT')).toEqual({ glyph: '✓', label: 'enviada', read: false });
    expect(seen.get('DELIVERED')).toEqual({ glyph: '✓✓', label: 'entregue', read: false });
    expect(seen.get('READ')).toEqual({ glyph: '✓✓', label: 'lida', read: true });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('puts message text in the page as text, never as markup', async () => {
    const phone = '+5511987650103';
    const page = await openChat(phone, 'Teste');
    const hostile = '<img src=x onerror="window.pwned=1"><b>negrito</b>';
    await sim.socket('team')!.sendMessage(jidOf(phone), { text: hostile }, { messageId: 'OUT-HOSTILE' });
    const theirs = bubble(page, 'OUT-HOSTILE');
    await theirs.waitFor({ timeout: 5_000 });
    expect(await theirs.locator('.text').textContent()).toBe(hostile);
    expect(await theirs.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('shows in place what the lead did to messages later: an edit, a deletion, a reaction', async () => {
    const phone = '+5511987650106';
    const page = await openChat(phone, 'Bia');
    const first = sim.receive({ from: phone, text: 'Quero 2 quartos' }).id;
    const second = sim.receive({ from: phone, text: 'mensagem errada' }).id;
    await sim.socket('team')!.sendMessage(jidOf(phone), { text: 'Temos opções!' }, { messageId: 'OUT-REACTED' });
    await bubble(page, 'OUT-REACTED').waitFor({ timeout: 5_000 });

    await sim.edit({ from: phone, target: first, text: 'Quero 3 quartos' });
    await sim.revoke({ from: phone, target: second });
    await sim.react({ from: phone, target: 'OUT-REACTED', emoji: '👍' });

    await expect.poll(() => bubble(page, first).locator('.text').textContent(), { timeout: 5_000 }).toBe('Quero 3 quartos');
    expect(await bubble(page, first).locator('.edited').isVisible()).toBe(true);
    await expect.poll(() => bubble(page, second).locator('.text').textContent(), { timeout: 5_000 }).toBe('Mensagem apagada');
    expect(await bubble(page, second).getAttribute('class')).toBe('bubble mine deleted');
    await expect.poll(() => bubble(page, 'OUT-REACTED').locator('.reaction').textContent(), { timeout: 5_000 }).toBe('👍');
    expect(await bubble(page, 'OUT-REACTED').locator('.edited').isVisible()).toBe(false);
    // Edits are updates of the same bubble, not new ones.
    expect(await page.locator('li.bubble').count()).toBe(3);
  });

  it('remembers the lead across reloads, and sends a document the connector can download and decrypt', async () => {
    const phone = '+5511987650104';
    const page = await openChat(phone, 'Joana');
    await page.reload();
    await page.locator('#chat').waitFor();
    expect(await page.locator('#chat-name').textContent()).toBe('Joana');
    expect(await page.locator('#chat-phone').textContent()).toBe(phone);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3_063, 5)]); // 3 KB exactly
    await page.locator('#file').setInputFiles({ name: 'holerite março.pdf', mimeType: 'application/pdf', buffer: pdf });
    expect(await page.locator('#attachment-name').textContent()).toContain('holerite março.pdf');
    await page.getByLabel('Mensagem').fill('Meu holerite');
    await page.getByRole('button', { name: 'Enviar' }).click();

    const sent = await vi.waitFor(() => {
      const thread = sim.thread(phone);
      expect(thread).toMatchObject([{ direction: 'IN', text: 'Meu holerite', media: { mime: 'application/pdf', fileName: 'holerite março.pdf', size: pdf.length } }]);
      return thread[0]!;
    });
    const raw = upserts.find((m) => m.key.id === sent.id)!;
    expect(raw.message!.documentMessage).toMatchObject({ fileName: 'holerite março.pdf', caption: 'Meu holerite' });
    expect(await downloadWhatsAppMedia(raw, { log })).toEqual(pdf);

    const mine = bubble(page, sent.id);
    await mine.waitFor();
    expect(await mine.locator('.media').textContent()).toMatch(/^📄 Documento holerite março\.pdf · 3,0 KB$/);
    expect(await page.locator('#attachment').isHidden()).toBe(true);
  });

  it('says so when the simulator refuses the number or the message', async () => {
    const page = await pages!.open(`${server.url}/simulator`);
    await page.getByLabel('Telefone do lead').fill('123');
    await page.getByRole('button', { name: 'Abrir conversa' }).click();
    await expect.poll(() => page.locator('#setup-error').textContent()).toBe('Telefone inválido.');
    expect(await page.locator('#chat').isHidden()).toBe(true);

    const chat = await openChat('+5511987650105', 'Ana');
    await chat.getByLabel('Mensagem').fill('x'.repeat(4096));
    await chat.locator('#text').evaluate((input: HTMLInputElement) => (input.value += 'y'));
    await chat.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => chat.locator('#send-error').textContent()).toBe('Não foi enviada: text: must be at most 4096 characters');
    expect(sim.thread('+5511987650105')).toEqual([]);
  });
});
