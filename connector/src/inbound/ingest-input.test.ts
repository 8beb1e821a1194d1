import { describe, expect, it } from 'vitest';
import type { WhatsAppInboundInput } from '../api-client.ts';
import { chunkForIngest, MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, toIngestInputs } from './ingest-input.ts';
import type { InboundChange } from './map-change.ts';
import type { InboundMessage } from './map-message.ts';

const inbound = (id: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  sessionId: 'agent',
  waMessageId: id,
  remoteJid: '5511987654321@s.whatsapp.net',
  phone: '+5511987654321',
  pushName: 'Maria',
  type: 'TEXT',
  body: 'oi',
  mediaMime: null,
  mediaPath: null,
  mediaSize: null,
  mediaFileName: null,
  sentAt: new Date('2026-01-02T03:04:05Z'),
  fromMe: false,
  ...over,
});

describe('toIngestInputs', () => {
  it('gives the contract input, with sentAt as ISO and no session per message', () => {
    const { inputs, withoutPhone } = toIngestInputs([inbound('A'), inbound('B', { fromMe: true, pushName: null })]);
    expect(withoutPhone).toBe(0);
    expect(inputs).toEqual([
      {
        waMessageId: 'A',
        remoteJid: '5511987654321@s.whatsapp.net',
        fromMe: false,
        phone: '+5511987654321',
        pushName: 'Maria',
        type: 'TEXT',
        body: 'oi',
        mediaMime: null,
        sentAt: '2026-01-02T03:04:05.000Z',
      },
      expect.objectContaining({ waMessageId: 'B', fromMe: true, pushName: null }),
    ]);
  });

  it('carries a stored file and a document name, and leaves the media fields out when there are none', () => {
    const { inputs } = toIngestInputs([
      inbound('D', { type: 'DOCUMENT', body: null, mediaMime: 'application/pdf', mediaPath: `${'a'.repeat(64)}.pdf`, mediaSize: 1_234, mediaFileName: 'contrato.pdf' }),
      inbound('F', { type: 'DOCUMENT', body: 'sem arquivo', mediaMime: 'application/pdf', mediaFileName: 'falhou.pdf' }),
      inbound('T'),
    ]);
    expect(inputs[0]).toMatchObject({ mediaMime: 'application/pdf', mediaPath: `${'a'.repeat(64)}.pdf`, mediaSize: 1_234, mediaFileName: 'contrato.pdf' });
    expect(inputs[1]).toMatchObject({ mediaFileName: 'falhou.pdf' });
    expect(inputs[1]).not.toHaveProperty('mediaPath');
    // A router that predates media still takes a text message.
    expect(Object.keys(inputs[2]!).filter((k) => k.startsWith('media'))).toEqual(['mediaMime']);
  });

  it('gives reactions, edits and deletions their kind and target, and a message no kind (as before they existed)', () => {
    const change = (kind: InboundChange['kind'], over: Partial<InboundChange> = {}): InboundChange => ({
      kind,
      sessionId: 'agent',
      waMessageId: `${kind}-1`,
      targetWaMessageId: 'A',
      remoteJid: '208317429321838@lid',
      phone: '+5511987654321',
      fromMe: false,
      emoji: null,
      body: null,
      at: new Date('2026-01-02T03:04:06.500Z'),
      ...over,
    });
    const { inputs } = toIngestInputs([inbound('A'), change('REACTION', { emoji: '' }), change('EDIT', { body: 'novo' }), change('REVOKE', { fromMe: true })]);
    expect(inputs[0]).not.toHaveProperty('kind');
    expect(inputs.slice(1)).toEqual([
      { kind: 'REACTION', waMessageId: 'REACTION-1', remoteJid: '208317429321838@lid', fromMe: false, phone: '+5511987654321', pushName: null, body: null, mediaMime: null, sentAt: '2026-01-02T03:04:06.500Z', targetWaMessageId: 'A', emoji: '' },
      expect.objectContaining({ kind: 'EDIT', body: 'novo', targetWaMessageId: 'A' }),
      expect.objectContaining({ kind: 'REVOKE', fromMe: true, targetWaMessageId: 'A' }),
    ]);
    expect(inputs[2]).not.toHaveProperty('emoji');
    expect(inputs[2]).not.toHaveProperty('type');
  });

  it('leaves out and counts LID-only messages', () => {
    const { inputs, withoutPhone } = toIngestInputs([inbound('A'), inbound('L', { remoteJid: '123@lid', phone: null }), inbound('C')]);
    expect(inputs.map((i) => i.waMessageId)).toEqual(['A', 'C']);
    expect(withoutPhone).toBe(1);
  });
});

describe('chunkForIngest', () => {
  const input = (n: number, body = 'oi'): WhatsAppInboundInput => ({ ...toIngestInputs([inbound(`M${n}`)]).inputs[0]!, body });

  it('splits at 500 messages, keeping order', () => {
    const chunks = chunkForIngest(Array.from({ length: 1_201 }, (_, i) => input(i)));
    expect(chunks.map((c) => c.length)).toEqual([MAX_BATCH_MESSAGES, MAX_BATCH_MESSAGES, 201]);
    expect(chunks.flat().map((m) => m.waMessageId)).toEqual(Array.from({ length: 1_201 }, (_, i) => `M${i}`));
  });

  it('splits long messages to stay under the router body limit', () => {
    // 4,096 three-byte characters: about 12 KB each once in JSON.
    const chunks = chunkForIngest(Array.from({ length: 300 }, (_, i) => input(i, 'ã'.repeat(4_096))));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(chunks.flat()).toHaveLength(300);
  });

  it('gives nothing for nothing', () => {
    expect(chunkForIngest([])).toEqual([]);
  });
});
