import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';

/**
 * The page a person chats through as a lead (a phone's WhatsApp screen), and
 * its scripts and style: static files beside this one, no build step.
 * Message text comes from anyone, so the page only ever sets it as text, and
 * the policy below lets nothing but these files run or load.
 */
const FILES = {
  '/': { file: 'phone-page.html', type: 'text/html; charset=utf-8' },
  '/simulator': { file: 'phone-page.html', type: 'text/html; charset=utf-8' },
  '/simulator/': { file: 'phone-page.html', type: 'text/html; charset=utf-8' },
  '/simulator/phone-page.js': { file: 'phone-page.js', type: 'text/javascript; charset=utf-8' },
  '/simulator/phone-page-bubble.js': { file: 'phone-page-bubble.js', type: 'text/javascript; charset=utf-8' },
  '/simulator/phone-page.css': { file: 'phone-page.css', type: 'text/css; charset=utf-8' },
} as const satisfies Record<string, { file: string; type: string }>;

export const PHONE_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  // The form is sent by the script; a plain submit (no script) must go nowhere.
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type PhonePagePath = keyof typeof FILES;

export const isPhonePagePath = (pathname: string): pathname is PhonePagePath => Object.hasOwn(FILES, pathname);

/** The page's files, read once: they are small and only change with the code. */
export async function loadPhonePage(dir = import.meta.dirname) {
  const bodies = new Map<string, Buffer>();
  for (const { file } of Object.values(FILES)) if (!bodies.has(file)) bodies.set(file, await readFile(path.join(dir, file)));

  return (pathname: PhonePagePath, req: http.IncomingMessage, res: http.ServerResponse): void => {
    const { file, type } = FILES[pathname];
    const body = bodies.get(file)!;
    res.statusCode = 200;
    res.setHeader('content-type', type);
    res.setHeader('content-length', body.length);
    res.setHeader('content-security-policy', PHONE_PAGE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('cache-control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
