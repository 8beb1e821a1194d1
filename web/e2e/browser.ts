// Debian's Chromium, driven by playwright-core, for the browser tests: one
// browser per file, a fresh context (no shared storage) per page.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = existsSync(CHROMIUM);

/**
 * CI must run the browser tests (.ci/run installs chromium); a newcomer's
 * machine without it still gets a green `npm test`, with the reason in the output.
 */
export function skipWithoutChromium(file: string): boolean {
  const skip = !hasChromium && !process.env.CI;
  if (skip) console.warn(`${file} skipped: ${CHROMIUM} not found (on Debian: apt-get install chromium)`);
  return skip;
}

export interface Pages {
  /** A page in a context of its own, its uncaught errors collected. */
  open(url: string): Promise<Page>;
  /** Closes every page's context; returns the uncaught errors they had. */
  closeAll(): Promise<string[]>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Pages> {
  if (!hasChromium) {
    throw new Error(`${CHROMIUM} not found, and CI is set: CI must run the browser tests. Install Debian's chromium (apt-get install chromium; .ci/run does).`);
  }
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    async open(url) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(url);
      return page;
    },
    async closeAll() {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
      return errors.splice(0);
    },
    close: () => browser.close(),
  };
}
