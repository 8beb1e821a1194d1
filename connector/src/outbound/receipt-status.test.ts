import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { toMessageStatus } from './receipt-status.ts';

const { Status } = proto.WebMessageInfo;

describe('toMessageStatus', () => {
  it('maps every Baileys receipt status', () => {
    expect(toMessageStatus(Status.ERROR)).toBe('FAILED');
    expect(toMessageStatus(Status.PENDING)).toBe('QUEUED');
    expect(toMessageStatus(Status.SERVER_ACK)).toBe('SENT');
    expect(toMessageStatus(Status.DELIVERY_ACK)).toBe('DELIVERED');
    expect(toMessageStatus(Status.READ)).toBe('READ');
    expect(toMessageStatus(Status.PLAYED)).toBe('READ');
  });

  it('gives null for no status or one WhatsApp added later', () => {
    expect(toMessageStatus(undefined)).toBeNull();
    expect(toMessageStatus(null)).toBeNull();
    expect(toMessageStatus(42 as proto.WebMessageInfo.Status)).toBeNull();
  });
});
