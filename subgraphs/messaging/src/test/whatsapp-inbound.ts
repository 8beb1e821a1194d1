import { randomInt, randomUUID } from 'node:crypto';

// What the connector sends for a lead's WhatsApp message, for ingest tests.
export const newPhone = () => `+55119${String(randomInt(10_000_000, 99_999_999))}`;
export const jidOf = (phone: string) => `${phone.slice(1)}@s.whatsapp.net`;
export const waId = () => `3EB0${randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase()}`;
export const at = (second: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, second)).toISOString();

/** A text message from `phone`, as one ingest input; `extra` overrides any field. */
export const text = (phone: string, body: string, extra: Record<string, unknown> = {}) => ({
  waMessageId: waId(),
  remoteJid: jidOf(phone),
  fromMe: false,
  phone,
  pushName: 'Maria',
  type: 'TEXT',
  body,
  sentAt: at(0),
  ...extra,
});
