// How the queue dashboard reads the figures: when relay lag and failures
// deserve attention, and how numbers and durations are written in pt-BR.

/**
 * The relay hands jobs over within a second or two (it polls every second and
 * on every commit); ten seconds means it is falling behind, a minute that it
 * is stuck (Redis away, PostgreSQL refusing), and the sweep will soon hand
 * jobs over again.
 */
export const LAG_WARN_SECONDS = 10;
export const LAG_ALERT_SECONDS = 60;

export type Level = 'ok' | 'warn' | 'alert';

export function lagLevel(seconds: number): Level {
  if (seconds >= LAG_ALERT_SECONDS) return 'alert';
  if (seconds >= LAG_WARN_SECONDS) return 'warn';
  return 'ok';
}

/** A failed job used up its retries: someone has to look, however few there are. */
export function failedLevel(failed: number | null): Level {
  return failed !== null && failed > 0 ? 'alert' : 'ok';
}

const QUEUE_LABELS: Record<string, string> = {
  qualification: 'Qualificação',
  outbound: 'Envios de WhatsApp',
};

/** The queue's name in Portuguese; one the app does not know yet keeps its own. */
export function queueLabel(name: string): string {
  return Object.hasOwn(QUEUE_LABELS, name) ? QUEUE_LABELS[name]! : name;
}

const count = new Intl.NumberFormat('pt-BR');

/** "1.234"; a dash when Redis did not answer. */
export function formatCount(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : count.format(value);
}

/** "0 s", "42 s", "3 min 05 s", "2 h 07 min": whole seconds, as a person reads a delay. */
export function formatLag(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}
