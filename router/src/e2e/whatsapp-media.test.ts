import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, ok, routerCaller } from '../test/client.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { createTenant } from '../test/fixtures.ts';
import { assignLead, createApiKey, createUser, login } from '../test/operations.ts';
import { startPlatform, type Platform } from '../test/platform.ts';

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted } }`;
const phone = '+5511987650501';

let platform: Platform;
let tenant: ConnectorTenant;
let mediaDir: string;

/** Stores bytes as the connector does (content-addressed) and ingests a message carrying them. */
async function mediaMessage(bytes: Buffer, mime: string, ext: string, fileName: string | null = null) {
  const name = `${createHash('sha256').update(bytes).digest('hex')}.${ext}`;
  writeFileSync(join(mediaDir, name), bytes);
  const waMessageId = `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
  await ok(
    tenant.connector({
      query: INGEST,
      variables: {
        input: {
          sessionId: 'agent',
          messages: [
            { waMessageId, remoteJid: `${phone.slice(1)}@s.whatsapp.net`, fromMe: false, phone, type: 'DOCUMENT', mediaMime: mime, mediaPath: name, mediaSize: bytes.length, mediaFileName: fileName, sentAt: new Date().toISOString() },
          ],
        },
      },
    }),
  );
  const lead = (await ok(tenant.admin({ query: 'query($s: String) { leads(search: $s) { edges { node { id } } } }', variables: { s: phone } }))).leads.edges[0].node.id;
  const messages = (await ok(tenant.admin({ query: 'query($l: ID!) { messages(leadId: $l, first: 100) { edges { node { id waMessageId mediaUrl mediaMime mediaSize mediaFileName } } } }', variables: { l: lead } })))
    .messages.edges.map((e: any) => e.node);
  return { lead, message: messages.find((m: any) => m.waMessageId === waMessageId) };
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, platform.routerUrl), { headers });

beforeAll(async () => {
  mediaDir = mkdtempSync(join(tmpdir(), 'leadwire-media-'));
  platform = await startPlatform({ mediaDir });
  tenant = await createConnectorTenant(platform);
});
afterAll(async () => {
  await platform?.close();
  rmSync(mediaDir, { recursive: true, force: true });
});

describe('WhatsApp media is served only to who may read the message', () => {
  test('the admin gets the bytes with safe headers; a consultant only once the lead is theirs; others nothing', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);
    const { lead, message } = await mediaMessage(jpeg, 'image/jpeg', 'jpeg');
    expect(message).toMatchObject({ mediaUrl: `/media/${message.id}`, mediaMime: 'image/jpeg', mediaSize: jpeg.length });
    const token = (await ok(routerCaller(platform.routerUrl)(login(tenant.adminEmail, tenant.password)))).login.token;

    const res = await get(message.mediaUrl, bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);

    expect((await get(message.mediaUrl)).status).toBe(401);
    // A consultant of the workspace: nothing until the lead is assigned to them.
    await ok(tenant.admin(createUser({ name: 'Cris', email: `cris-${tenant.workspaceId.slice(0, 8)}@test.dev`, password: tenant.password, role: 'CONSULTANT' })));
    const cris = await ok(routerCaller(platform.routerUrl)(login(`cris-${tenant.workspaceId.slice(0, 8)}@test.dev`, tenant.password)));
    expect((await get(message.mediaUrl, bearer(cris.login.token))).status).toBe(404);
    await ok(tenant.admin(assignLead(lead, cris.login.user.id)));
    expect((await get(message.mediaUrl, bearer(cris.login.token))).status).toBe(200);
    // Another workspace, and a key that may read leads but not messages.
    const other = await createTenant(platform);
    expect((await get(message.mediaUrl, bearer(other.admin.token))).status).toBe(404);
    const key = (await ok(tenant.admin(createApiKey('leads only', ['LEADS_READ'])))).createApiKey.secret;
    expect((await get(message.mediaUrl, bearer(key))).status).toBe(404);
  });

  test('a file a browser could run is only ever a download', async () => {
    const html = Buffer.from('<script>alert(document.cookie)</script>');
    const { message } = await mediaMessage(html, 'text/html', 'html', 'promo.html');
    const token = (await ok(routerCaller(platform.routerUrl)(login(tenant.adminEmail, tenant.password)))).login.token;
    const res = await get(message.mediaUrl, bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="promo.html"');
  });

  test('a media name that is not content-addressed is refused at ingest', async () => {
    const res = await tenant.connector({
      query: INGEST,
      variables: {
        input: {
          sessionId: 'agent',
          messages: [{ waMessageId: 'X1', remoteJid: `${phone.slice(1)}@s.whatsapp.net`, fromMe: false, phone, type: 'DOCUMENT', mediaPath: '../../etc/passwd', sentAt: new Date().toISOString() }],
        },
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.messages.0.mediaPath' });
  });
});
