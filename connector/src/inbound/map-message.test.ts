import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { MAX_BODY, toInboundMessage } from './map-message.ts';

const LEAD = '5511987654321@s.whatsapp.net';
const TS = 1_700_000_000;

function wa(message: proto.IMessage, key: proto.IMessageKey = {}, extra: proto.IWebMessageInfo = {}) {
  return proto.WebMessageInfo.fromObject({
    key: { remoteJid: LEAD, fromMe: false, id: '3EB0ABCDEF', ...key },
    messageTimestamp: TS,
    pushName: 'Maria',
    message,
    ...extra,
  });
}

const map = (msg: proto.IWebMessageInfo) => toInboundMessage(msg, 'session-a', 'BR');

describe('toInboundMessage', () => {
  it('maps a plain conversation from a Brazilian number to E.164', () => {
    expect(map(wa({ conversation: 'Oi, quero saber do consórcio' }))).toEqual({
      sessionId: 'session-a',
      waMessageId: '3EB0ABCDEF',
      remoteJid: LEAD,
      phone: '+5511987654321',
      pushName: 'Maria',
      type: 'TEXT',
      body: 'Oi, quero saber do consórcio',
      mediaMime: null,
      mediaPath: null,
      mediaSize: null,
      mediaFileName: null,
      sentAt: new Date(TS * 1000),
      fromMe: false,
    });
  });

  it('maps an extended text (link preview, quote)', () => {
    expect(map(wa({ extendedTextMessage: { text: 'veja https://x.com', matchedText: 'https://x.com' } }))).toMatchObject({ type: 'TEXT', body: 'veja https://x.com' });
  });

  it('maps image, video and document with caption and mimetype', () => {
    expect(map(wa({ imageMessage: { caption: 'meu RG', mimetype: 'image/jpeg' } }))).toMatchObject({ type: 'IMAGE', body: 'meu RG', mediaMime: 'image/jpeg' });
    expect(map(wa({ videoMessage: { mimetype: 'video/mp4' } }))).toMatchObject({ type: 'VIDEO', body: null, mediaMime: 'video/mp4' });
    expect(map(wa({ documentMessage: { caption: 'holerite', mimetype: 'application/pdf', fileName: 'h.pdf' } }))).toMatchObject({
      type: 'DOCUMENT', body: 'holerite', mediaMime: 'application/pdf',
    });
  });

  it("keeps a document's file name, without control characters and at most 255 characters", () => {
    expect(map(wa({ documentMessage: { mimetype: 'application/pdf', fileName: 'h.pdf' } }))).toMatchObject({ mediaFileName: 'h.pdf' });
    expect(map(wa({ documentMessage: { mimetype: 'application/pdf', fileName: ' contrato\r\nassinado.pdf\u0000 ' } }))).toMatchObject({ mediaFileName: 'contratoassinado.pdf' });
    const long = map(wa({ documentMessage: { mimetype: 'application/pdf', fileName: `${'b'.repeat(300)}.pdf` } }))!.mediaFileName!;
    expect(long).toBe('b'.repeat(255));
    // 255 UTF-16 units would end inside the 128th emoji: it goes whole.
    expect(map(wa({ documentMessage: { mimetype: 'application/pdf', fileName: `${'😀'.repeat(128)}.pdf` } }))).toMatchObject({ mediaFileName: '😀'.repeat(127) });
    expect(map(wa({ documentMessage: { mimetype: 'application/pdf', fileName: ' \n ' } }))).toMatchObject({ mediaFileName: null });
    // Only documents carry one; nothing is stored before the handler downloads it.
    expect(map(wa({ imageMessage: { mimetype: 'image/jpeg' } }))).toMatchObject({ mediaFileName: null, mediaPath: null, mediaSize: null });
  });

  it('maps a document sent with a caption (its own wrapper)', () => {
    const msg = wa({ documentWithCaptionMessage: { message: { documentMessage: { caption: 'contrato', mimetype: 'application/pdf' } } } });
    expect(map(msg)).toMatchObject({ type: 'DOCUMENT', body: 'contrato', mediaMime: 'application/pdf', mediaFileName: null });
  });

  it('maps a voice note', () => {
    expect(map(wa({ audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 7 } }))).toMatchObject({
      type: 'AUDIO', body: null, mediaMime: 'audio/ogg; codecs=opus',
    });
  });

  it('maps a location to "lat,lng"', () => {
    expect(map(wa({ locationMessage: { degreesLatitude: -23.5505, degreesLongitude: -46.6333, name: 'Av. Paulista' } }))).toMatchObject({
      type: 'LOCATION', body: '-23.5505,-46.6333', mediaMime: null,
    });
  });

  it('unwraps ephemeral and view-once messages', () => {
    expect(map(wa({ ephemeralMessage: { message: { extendedTextMessage: { text: 'some em 7 dias' } } } }))).toMatchObject({ type: 'TEXT', body: 'some em 7 dias' });
    expect(map(wa({ viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg', caption: 'uma vez' } } } }))).toMatchObject({ type: 'IMAGE', body: 'uma vez' });
    const nested = wa({ ephemeralMessage: { message: { viewOnceMessage: { message: { videoMessage: { mimetype: 'video/mp4' } } } } } });
    expect(map(nested)).toMatchObject({ type: 'VIDEO', mediaMime: 'video/mp4' });
  });

  it('reads a Long timestamp (what protobuf decoding gives) and a plain number', () => {
    const decoded = wa({ conversation: 'oi' });
    expect(proto.WebMessageInfo.decode(proto.WebMessageInfo.encode(decoded).finish()).messageTimestamp).toHaveProperty('toNumber');
    expect(map(proto.WebMessageInfo.decode(proto.WebMessageInfo.encode(decoded).finish()))!.sentAt).toEqual(new Date(TS * 1000));
    const plain = wa({ conversation: 'oi' });
    plain.messageTimestamp = TS + 5;
    expect(typeof plain.messageTimestamp).toBe('number');
    expect(map(plain)!.sentAt).toEqual(new Date((TS + 5) * 1000));
  });

  it('falls back to the receipt time when WhatsApp sent no timestamp', () => {
    const msg = wa({ conversation: 'oi' }, {}, { messageTimestamp: null });
    const at = new Date('2025-01-02T03:04:05Z');
    expect(toInboundMessage(msg, 's', 'BR', at)!.sentAt).toEqual(at);
  });

  it('truncates bodies to the 4096 characters the messaging subgraph accepts', () => {
    expect(map(wa({ conversation: 'a'.repeat(5000) }))!.body).toHaveLength(MAX_BODY);
    expect(map(wa({ imageMessage: { caption: 'b'.repeat(4097), mimetype: 'image/png' } }))!.body).toHaveLength(MAX_BODY);
    expect(map(wa({ conversation: 'c'.repeat(MAX_BODY) }))!.body).toHaveLength(MAX_BODY);
    // An emoji straddling the limit is dropped whole rather than split into a lone surrogate.
    const body = map(wa({ conversation: 'd'.repeat(MAX_BODY - 1) + '😀tail' }))!.body!;
    expect(body).toBe('d'.repeat(MAX_BODY - 1));
  });

  it('takes the phone from remoteJidAlt when the chat is addressed by LID', () => {
    const msg = wa({ conversation: 'oi' }, { remoteJid: '123456789012345@lid' });
    expect(map(msg)).toMatchObject({ remoteJid: '123456789012345@lid', phone: null });
    // protobuf drops fields it does not know; Baileys sets remoteJidAlt on the decoded key.
    (msg.key as WAMessageKey).remoteJidAlt = LEAD;
    expect(map(msg)).toMatchObject({ remoteJid: '123456789012345@lid', phone: '+5511987654321' });
  });

  it('ignores groups, status, broadcast lists and newsletters', () => {
    expect(map(wa({ conversation: 'oi grupo' }, { remoteJid: '120363012345678901@g.us', participant: LEAD }))).toBeNull();
    expect(map(wa({ conversation: 'meu status' }, { remoteJid: 'status@broadcast', participant: LEAD }))).toBeNull();
    expect(map(wa({ conversation: 'lista' }, { remoteJid: '1700000000@broadcast' }))).toBeNull();
    expect(map(wa({ conversation: 'canal' }, { remoteJid: '120363000000000000@newsletter' }))).toBeNull();
  });

  it('ignores our own fromMe echoes', () => {
    expect(map(wa({ conversation: 'enviado por nós' }, { fromMe: true }))).toBeNull();
  });

  it('keeps our own messages when asked, with fromMe and without our push name', () => {
    const mine = wa({ conversation: 'digitado no celular' }, { fromMe: true, id: 'PHONE1' }, { pushName: 'Leadwire Agente' });
    expect(toInboundMessage(mine, 'session-a', 'BR', undefined, { includeFromMe: true })).toEqual({
      sessionId: 'session-a',
      waMessageId: 'PHONE1',
      remoteJid: LEAD,
      phone: '+5511987654321',
      pushName: null,
      type: 'TEXT',
      body: 'digitado no celular',
      mediaMime: null,
      mediaPath: null,
      mediaSize: null,
      mediaFileName: null,
      sentAt: new Date(TS * 1000),
      fromMe: true,
    });
    // Asking for them changes nothing for a lead's message, nor for what is ignored anyway.
    expect(toInboundMessage(wa({ conversation: 'oi' }), 'session-a', 'BR', undefined, { includeFromMe: true })).toMatchObject({ fromMe: false, pushName: 'Maria' });
    expect(toInboundMessage(wa({ conversation: 'grupo' }, { fromMe: true, remoteJid: '120363012345678901@g.us' }), 's', 'BR', undefined, { includeFromMe: true })).toBeNull();
  });

  it('ignores reactions, protocol messages and empty messages', () => {
    expect(map(wa({ reactionMessage: { key: { remoteJid: LEAD, id: 'X' }, text: '👍' } }))).toBeNull();
    expect(map(wa({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'X' } } }))).toBeNull();
    expect(map(wa({}))).toBeNull();
    expect(map(proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD, id: 'S' }, messageStubType: 1 }))).toBeNull();
    expect(map(wa({ conversation: '   ' }))).toBeNull();
    expect(map(wa({ senderKeyDistributionMessage: { groupId: 'g' } }))).toBeNull();
  });

  it('ignores a message without an id', () => {
    expect(map(wa({ conversation: 'oi' }, { id: null }))).toBeNull();
  });
});
