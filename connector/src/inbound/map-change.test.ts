import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { isChange, toEditFromUpdate, toInboundChange } from './map-change.ts';
import { MAX_BODY } from './map-message.ts';

const LEAD = '5511987654321@s.whatsapp.net';
const LID = '208317429321838@lid';
const TS = 1_700_000_000;
const { Type } = proto.Message.ProtocolMessage;

function wa(message: proto.IMessage, key: proto.IMessageKey = {}) {
  return proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD, fromMe: false, id: 'CARRIER', ...key }, messageTimestamp: TS, message });
}

const map = (msg: proto.IWebMessageInfo, includeFromMe = false) => toInboundChange(msg, 'agent', 'BR', undefined, { includeFromMe });

describe('toInboundChange', () => {
  it('maps a lead’s reaction to the message it is about, at the sender’s millisecond time', () => {
    const msg = wa({ reactionMessage: { key: { remoteJid: LEAD, fromMe: true, id: 'TARGET' }, text: '👍', senderTimestampMs: TS * 1000 + 250 } });
    expect(map(msg)).toEqual({
      kind: 'REACTION',
      sessionId: 'agent',
      waMessageId: 'CARRIER',
      targetWaMessageId: 'TARGET',
      remoteJid: LEAD,
      phone: '+5511987654321',
      fromMe: false,
      emoji: '👍',
      body: null,
      at: new Date(TS * 1000 + 250),
    });
  });

  it('reads the Long timestamp protobuf decoding gives, and an empty reaction as taken back', () => {
    const encoded = proto.WebMessageInfo.encode(wa({ reactionMessage: { key: { id: 'TARGET' }, text: '', senderTimestampMs: TS * 1000 + 9 } })).finish();
    const decoded = proto.WebMessageInfo.decode(encoded);
    expect(decoded.message!.reactionMessage!.senderTimestampMs).toHaveProperty('toNumber');
    expect(map(decoded)).toMatchObject({ kind: 'REACTION', emoji: '', at: new Date(TS * 1000 + 9) });
  });

  it('drops what cannot be an emoji rather than have the batch refused', () => {
    expect(map(wa({ reactionMessage: { key: { id: 'T' }, text: '👍'.repeat(33) } }))).toBeNull();
    expect(map(wa({ reactionMessage: { key: { id: 'T' }, text: 'a\u0007' } }))).toBeNull();
    expect(map(wa({ reactionMessage: { key: { id: 'T' }, text: '👨‍👩‍👧‍👦' } }))).toMatchObject({ emoji: '👨‍👩‍👧‍👦' });
  });

  it('maps an edit as phones send it (wrapped in editedMessage) with the new text and the edit’s own time', () => {
    const msg = wa({
      editedMessage: {
        message: {
          protocolMessage: {
            type: Type.MESSAGE_EDIT,
            key: { remoteJid: LEAD, fromMe: true, id: 'TARGET' },
            editedMessage: { extendedTextMessage: { text: 'Quero 250 mil' } },
            timestampMs: TS * 1000 + 60_000,
          },
        },
      },
    });
    expect(map(msg)).toMatchObject({ kind: 'EDIT', targetWaMessageId: 'TARGET', body: 'Quero 250 mil', emoji: null, at: new Date(TS * 1000 + 60_000) });
  });

  it('maps a caption edit, truncates a long one, and drops a blank one', () => {
    const edit = (editedMessage: proto.IMessage) => wa({ protocolMessage: { type: Type.MESSAGE_EDIT, key: { id: 'T' }, editedMessage } });
    expect(map(edit({ imageMessage: { caption: 'meu RG, frente' } }))).toMatchObject({ body: 'meu RG, frente', at: new Date(TS * 1000) });
    expect(map(edit({ conversation: 'x'.repeat(MAX_BODY + 10) }))!.body).toHaveLength(MAX_BODY);
    expect(map(edit({ conversation: '  ' }))).toBeNull();
  });

  it('maps a delete for everyone', () => {
    expect(map(wa({ protocolMessage: { type: Type.REVOKE, key: { remoteJid: LEAD, fromMe: true, id: 'TARGET' } } }))).toMatchObject({
      kind: 'REVOKE',
      targetWaMessageId: 'TARGET',
      body: null,
      emoji: null,
      at: new Date(TS * 1000),
    });
  });

  it('takes our own changes only when asked, keeps a LID chat’s phone unknown without remoteJidAlt, and ignores the rest', () => {
    const mine = wa({ reactionMessage: { key: { id: 'T' }, text: '🙏' } }, { fromMe: true });
    expect(map(mine)).toBeNull();
    expect(map(mine, true)).toMatchObject({ kind: 'REACTION', fromMe: true });
    const viaLid = wa({ reactionMessage: { key: { id: 'T' }, text: '🙏' } }, { remoteJid: LID });
    expect(map(viaLid)).toMatchObject({ remoteJid: LID, phone: null });
    (viaLid.key as WAMessageKey).remoteJidAlt = LEAD;
    expect(map(viaLid)).toMatchObject({ remoteJid: LID, phone: '+5511987654321' });
    expect(map(wa({ reactionMessage: { key: { id: 'T' }, text: '👍' } }, { remoteJid: '120363012345678901@g.us', participant: LEAD }))).toBeNull();
    expect(map(wa({ conversation: 'uma mensagem' }))).toBeNull();
    expect(map(wa({ protocolMessage: { type: Type.EPHEMERAL_SETTING, ephemeralExpiration: 86400 } }))).toBeNull();
    expect(map(wa({ protocolMessage: { type: Type.REVOKE } }))).toBeNull();
    expect(map(wa({ reactionMessage: { key: { id: 'T' }, text: '👍' } }, { id: null }))).toBeNull();
  });

  it('tells changes from messages', () => {
    expect(isChange(map(wa({ protocolMessage: { type: Type.REVOKE, key: { id: 'T' } } }))!)).toBe(true);
  });
});

describe('toEditFromUpdate', () => {
  // The shape Baileys' processMessage emits for MESSAGE_EDIT.
  const update = (key: WAMessageKey, message: proto.IMessage) => ({ key, update: { message: { editedMessage: { message } }, messageTimestamp: TS + 60 } });

  it('maps the edit with the edited message’s id and the edit’s time', () => {
    expect(toEditFromUpdate(update({ remoteJid: LEAD, fromMe: false, id: 'TARGET' }, { conversation: 'corrigido' }), 'agent', 'BR')).toEqual({
      kind: 'EDIT',
      sessionId: 'agent',
      waMessageId: 'TARGET',
      targetWaMessageId: 'TARGET',
      remoteJid: LEAD,
      phone: '+5511987654321',
      fromMe: false,
      emoji: null,
      body: 'corrigido',
      at: new Date((TS + 60) * 1000),
    });
  });

  it('ignores other updates, our own edits unless asked, and groups', () => {
    expect(toEditFromUpdate({ key: { remoteJid: LEAD, id: 'T' }, update: { status: 3 } }, 'agent', 'BR')).toBeNull();
    expect(toEditFromUpdate({ key: { remoteJid: LEAD, id: 'T' }, update: { message: { conversation: 'reupload' } } }, 'agent', 'BR')).toBeNull();
    const mine = update({ remoteJid: LEAD, fromMe: true, id: 'T' }, { conversation: 'x' });
    expect(toEditFromUpdate(mine, 'agent', 'BR')).toBeNull();
    expect(toEditFromUpdate(mine, 'agent', 'BR', undefined, { includeFromMe: true })).toMatchObject({ fromMe: true, body: 'x' });
    expect(toEditFromUpdate(update({ remoteJid: '120363012345678901@g.us', id: 'T' }, { conversation: 'x' }), 'agent', 'BR')).toBeNull();
  });
});
