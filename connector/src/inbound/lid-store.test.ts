import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { lidUserOf, pairOfMapping, pairsOfMessage, toPair } from './lid-pairs.ts';
import { openLidStore } from './lid-store.ts';
import type { InboundItem } from './map-change.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lid-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

const LID = '208317429321838@lid';
const message = (id: string, remoteJid = LID): InboundItem => ({
  sessionId: 'agent',
  waMessageId: id,
  remoteJid,
  phone: null,
  pushName: 'Maria',
  type: 'TEXT',
  body: `mensagem ${id}`,
  mediaMime: null,
  mediaPath: null,
  mediaSize: null,
  mediaFileName: null,
  sentAt: new Date('2026-11-22T12:00:00Z'),
  fromMe: false,
});
const reaction = (id: string, target: string): InboundItem => ({
  kind: 'REACTION',
  sessionId: 'agent',
  waMessageId: id,
  targetWaMessageId: target,
  remoteJid: LID,
  phone: null,
  fromMe: false,
  emoji: '👍',
  body: null,
  at: new Date('2026-11-22T12:00:05.250Z'),
});

describe('LID pairs', () => {
  it('reads a LID and a phone JID in either order, without device or agent', () => {
    expect(toPair(LID, '5511987654321@s.whatsapp.net')).toEqual({ lid: '208317429321838', pn: '5511987654321' });
    expect(toPair('5511987654321:0@s.whatsapp.net', '208317429321838:3@lid')).toEqual({ lid: '208317429321838', pn: '5511987654321' });
    expect(pairOfMapping({ lid: LID, pn: '5511987654321@s.whatsapp.net' })).toEqual({ lid: '208317429321838', pn: '5511987654321' });
    expect(toPair(LID, LID)).toBeNull();
    expect(toPair(LID, null)).toBeNull();
    expect(toPair('120363012345678901@g.us', LID)).toBeNull();
    expect(lidUserOf('5511987654321@s.whatsapp.net')).toBeNull();
  });

  it('learns from message keys, and from the LID migration only our own phone may send', () => {
    const fromLead = proto.WebMessageInfo.fromObject({ key: { remoteJid: LID, id: 'A' }, message: { conversation: 'oi' } }) as WAMessage;
    (fromLead.key as WAMessageKey).remoteJidAlt = '5511987654321@s.whatsapp.net';
    expect(pairsOfMessage(fromLead)).toEqual([{ lid: '208317429321838', pn: '5511987654321' }]);
    const payload = proto.LIDMigrationMappingSyncPayload.encode({
      pnToLidMappings: [
        { pn: 5521987650001, assignedLid: 111111111111111 },
        { pn: 5521987650002, assignedLid: 222222222222222, latestLid: 333333333333333 },
      ],
    }).finish();
    const sync = (fromMe: boolean) =>
      proto.WebMessageInfo.fromObject({
        key: { remoteJid: '5511900000001@s.whatsapp.net', fromMe, id: 'SYNC' },
        message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.LID_MIGRATION_MAPPING_SYNC, lidMigrationMappingSyncMessage: { encodedMappingPayload: payload } } },
      }) as WAMessage;
    expect(pairsOfMessage(sync(true))).toEqual([
      { lid: '111111111111111', pn: '5521987650001' },
      { lid: '333333333333333', pn: '5521987650002' },
    ]);
    expect(pairsOfMessage(sync(false))).toEqual([]);
  });
});

describe('openLidStore', () => {
  it('remembers pairs across a restart, and says which were news', async () => {
    const dir = await tempDir();
    const store = await openLidStore({ dir });
    expect(await store.learn([{ lid: '1111', pn: '5511987650001' }, { lid: '2222', pn: '5511987650002' }])).toEqual(['1111', '2222']);
    expect(await store.learn([{ lid: '1111', pn: '5511987650001' }])).toEqual([]);
    expect(await store.learn([{ lid: '2222', pn: '5511987650003' }])).toEqual(['2222']);
    const again = await openLidStore({ dir });
    expect([again.pnOf('1111'), again.pnOf('2222'), again.pnOf('3333')]).toEqual(['5511987650001', '5511987650003', undefined]);
  });

  it('keeps what it could read of a file cut short, and rewrites one mostly superseded', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'lid-map.jsonl');
    const lines = Array.from({ length: 1_500 }, (_, i) => JSON.stringify({ lid: '1111', pn: `55119876${String(i).padStart(5, '0')}` }));
    await fs.writeFile(file, `${lines.join('\n')}\n{"lid":"2222","p`);
    const store = await openLidStore({ dir });
    expect([store.pnOf('1111'), store.pnOf('2222')]).toEqual(['5511987601499', undefined]);
    expect((await fs.readFile(file, 'utf8')).trim().split('\n')).toEqual(['{"lid":"1111","pn":"5511987601499"}']);
  });

  it('holds items on disk in order, with their dates, until released', async () => {
    const dir = await tempDir();
    const store = await openLidStore({ dir });
    await store.hold([message('A'), reaction('R', 'A')]);
    await store.hold([message('B'), message('X', '999999999999999@lid')]);
    const restarted = await openLidStore({ dir });
    expect(restarted.held).toBe(4);
    expect(restarted.heldLids().sort()).toEqual(['208317429321838', '999999999999999']);
    expect(restarted.isHeld('208317429321838')).toBe(true);
    const delivered: InboundItem[][] = [];
    expect(await restarted.release(['208317429321838'], async (items) => void delivered.push(items))).toBe(3);
    expect(delivered[0]!.map((i) => i.waMessageId)).toEqual(['A', 'R', 'B']);
    expect(delivered[0]![0]).toMatchObject({ sentAt: new Date('2026-11-22T12:00:00Z') });
    expect(delivered[0]![1]).toMatchObject({ at: new Date('2026-11-22T12:00:05.250Z') });
    expect(restarted.isHeld('208317429321838')).toBe(false);
    expect((await openLidStore({ dir })).heldLids()).toEqual(['999999999999999']);
  });

  it('keeps held items when their delivery fails', async () => {
    const dir = await tempDir();
    const store = await openLidStore({ dir });
    await store.hold([message('A')]);
    await expect(store.release(['208317429321838'], async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(store.held).toBe(1);
    expect((await openLidStore({ dir })).held).toBe(1);
  });
});
