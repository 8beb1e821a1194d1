import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QueuesView, type JobQueue } from './queues-view.tsx';

const queue = (name: string, figures: Partial<JobQueue> = {}): JobQueue => ({
  __typename: 'JobQueue',
  name,
  open: 0,
  unrelayed: 0,
  relayLagSeconds: 0,
  waiting: 0,
  active: 0,
  delayed: 0,
  failed: 0,
  completed: 0,
  redisAvailable: true,
  ...figures,
});

const render = (queues: JobQueue[]) => renderToStaticMarkup(createElement(QueuesView, { queues }));
/** The cell of one queue's field: its highlight and text. */
const cell = (html: string, name: string, field: string) => {
  const row = new RegExp(`<tr data-testid="queue-row" data-queue="${name}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? '';
  const match = new RegExp(`<td data-field="${field}" data-level="(\\w+)"[^>]*>([^<]*)</td>`).exec(row);
  return match ? { level: match[1], text: match[2] } : null;
};

describe('QueuesView', () => {
  it('shows quiet queues plainly: every figure, no alert', () => {
    const html = render([queue('qualification', { open: 1234, waiting: 3, completed: 98765 }), queue('outbound')]);
    expect(cell(html, 'qualification', 'open')).toEqual({ level: 'ok', text: '1.234' });
    expect(cell(html, 'qualification', 'waiting')).toEqual({ level: 'ok', text: '3' });
    expect(cell(html, 'qualification', 'completed')).toEqual({ level: 'ok', text: '98.765' });
    expect(cell(html, 'outbound', 'relayLagSeconds')).toEqual({ level: 'ok', text: '0 s' });
    expect(html).toContain('Qualificação');
    expect(html).toContain('Envios de WhatsApp');
    expect(html).not.toContain('role="alert"');
  });

  it('says Redis is unavailable and shows dashes, not zeros, for what only Redis knows', () => {
    const down = { redisAvailable: false, waiting: null, active: null, delayed: null, failed: null, completed: null };
    const html = render([queue('qualification', { ...down, open: 7, unrelayed: 7, relayLagSeconds: 4 }), queue('outbound', down)]);
    expect(html).toContain('data-testid="redis-down"');
    expect(html).toMatch(/Redis indisponível/);
    expect(html).toContain('data-queue="qualification" data-redis="down"');
    for (const field of ['waiting', 'active', 'delayed', 'failed', 'completed']) expect(cell(html, 'outbound', field)).toEqual({ level: 'ok', text: '—' });
    // PostgreSQL still counts.
    expect(cell(html, 'qualification', 'open')).toEqual({ level: 'ok', text: '7' });
    expect(html).not.toContain('data-testid="jobs-failed"');
  });

  it('highlights relay lag, warning first and alerting past a minute, with the unrelayed jobs', () => {
    const html = render([queue('qualification', { unrelayed: 2, relayLagSeconds: 15 }), queue('outbound', { unrelayed: 1, relayLagSeconds: 185 })]);
    expect(cell(html, 'qualification', 'relayLagSeconds')).toEqual({ level: 'warn', text: '15 s' });
    expect(cell(html, 'qualification', 'unrelayed')).toEqual({ level: 'warn', text: '2' });
    expect(cell(html, 'outbound', 'relayLagSeconds')).toEqual({ level: 'alert', text: '3 min 05 s' });
    expect(html).toMatch(/data-testid="relay-lagging">Repasse atrasado em Qualificação, Envios de WhatsApp: há jobs esperando no PostgreSQL há 3 min 05 s\./);
    expect(html).toMatch(/class="queue-alert level-alert" data-testid="relay-lagging"/);
  });

  it('highlights failed jobs and sums them up top', () => {
    const html = render([queue('qualification', { failed: 2 }), queue('outbound', { failed: 1 })]);
    expect(cell(html, 'qualification', 'failed')).toEqual({ level: 'alert', text: '2' });
    expect(html).toMatch(/class="level-alert">2<\/td>/);
    expect(html).toMatch(/data-testid="jobs-failed">3 jobs falharam depois de todas as tentativas\./);
    expect(render([queue('outbound', { failed: 1 })])).toMatch(/1 job falhou/);
  });
});
