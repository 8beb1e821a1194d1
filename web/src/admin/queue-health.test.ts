import { describe, expect, it } from 'vitest';
import { failedLevel, formatCount, formatLag, lagLevel, queueLabel } from './queue-health.ts';

describe('queue health', () => {
  it('flags relay lag from ten seconds, and alerts from a minute', () => {
    expect(lagLevel(0)).toBe('ok');
    expect(lagLevel(9.99)).toBe('ok');
    expect(lagLevel(10)).toBe('warn');
    expect(lagLevel(59.9)).toBe('warn');
    expect(lagLevel(60)).toBe('alert');
    expect(lagLevel(7200)).toBe('alert');
  });

  it('alerts on any failed job, and not when Redis did not say', () => {
    expect(failedLevel(0)).toBe('ok');
    expect(failedLevel(1)).toBe('alert');
    expect(failedLevel(null)).toBe('ok');
  });

  it('writes counts and delays the Brazilian way', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatCount(null)).toBe('—');
    expect(formatLag(0)).toBe('0 s');
    expect(formatLag(0.4)).toBe('0 s');
    expect(formatLag(42.9)).toBe('42 s');
    expect(formatLag(185)).toBe('3 min 05 s');
    expect(formatLag(2 * 3600 + 7 * 60 + 30)).toBe('2 h 07 min');
    expect(formatLag(-1)).toBe('0 s');
    expect(formatLag(Number.NaN)).toBe('0 s');
  });

  it('names the known queues in Portuguese and keeps unknown names', () => {
    expect(queueLabel('qualification')).toBe('Qualificação');
    expect(queueLabel('outbound')).toBe('Envios de WhatsApp');
    expect(queueLabel('agent')).toBe('agent');
    expect(queueLabel('constructor')).toBe('constructor');
  });
});
