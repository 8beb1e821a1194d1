import { z } from 'zod';

// When a consultant should get back to a lead. Wall-clock rules in the
// workspace's time zone, computed with Intl (no fixed offsets: zones change).

export const zFollowUpOptions = z.object({
  /** IANA zone of the business hours. */
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not a time zone'),
  openHour: z.number().int().min(0).max(23),
  closeHour: z.number().int().min(1).max(24),
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  businessDays: z.array(z.number().int().min(1).max(7)).min(1),
  /** The hour of a next-business-day follow-up. */
  nextDayHour: z.number().int().min(0).max(23),
  /** A lead who wrote this recently is still in the conversation. */
  activeWithinMinutes: z.number().int().min(1).max(24 * 60),
  /** How soon to follow up with an active lead, within the same business hours. */
  sameDayDelayMinutes: z.number().int().min(1).max(12 * 60),
});
export type FollowUpOptions = z.infer<typeof zFollowUpOptions>;

export const DEFAULT_FOLLOW_UP: FollowUpOptions = {
  timeZone: 'America/Sao_Paulo',
  openHour: 9,
  closeHour: 18,
  businessDays: [1, 2, 3, 4, 5],
  nextDayHour: 10,
  activeWithinMinutes: 60,
  sameDayDelayMinutes: 120,
};

interface LocalDate {
  year: number;
  month: number;
  day: number;
}
interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** The instant a wall clock in `timeZone` shows this time (the later reading of an ambiguous hour). */
export function fromLocalTime(t: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  let guess = wall;
  // Two rounds settle any offset change between the guess and the answer.
  for (let i = 0; i < 2; i++) {
    const shown = localTime(new Date(guess), timeZone);
    guess += wall - Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
  }
  return new Date(guess);
}

/** ISO weekday (1 = Monday) of a calendar date: the same in every zone. */
const isoWeekday = (d: LocalDate) => ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;

function addDays(d: LocalDate, days: number): LocalDate {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

export interface FollowUp {
  at: Date;
  /** Within the lead's current business hours, as opposed to the next business morning. */
  sameDay: boolean;
}

/**
 * An active lead (wrote within `activeWithinMinutes`) during business hours is
 * followed up `sameDayDelayMinutes` later if that is still before closing;
 * anyone else the next business day at `nextDayHour` (today's, when the day
 * has not opened yet).
 */
export function followUpTime(now: Date, lastLeadMessageAt: Date, o: FollowUpOptions = DEFAULT_FOLLOW_UP): FollowUp {
  const local = localTime(now, o.timeZone);
  const minutes = local.hour * 60 + local.minute;
  const businessDay = o.businessDays.includes(isoWeekday(local));
  const open = businessDay && minutes >= o.openHour * 60 && minutes < o.closeHour * 60;
  const active = now.getTime() - lastLeadMessageAt.getTime() <= o.activeWithinMinutes * 60_000;
  if (open && active) {
    const at = new Date(now.getTime() + o.sameDayDelayMinutes * 60_000);
    const closing = fromLocalTime({ ...local, hour: o.closeHour, minute: 0 }, o.timeZone);
    if (at <= closing) return { at, sameDay: true };
  }
  const beforeOpening = businessDay && minutes < o.openHour * 60;
  for (let days = beforeOpening ? 0 : 1; days <= 14; days++) {
    const date = addDays(local, days);
    if (!o.businessDays.includes(isoWeekday(date))) continue;
    const at = fromLocalTime({ ...date, hour: o.nextDayHour, minute: 0 }, o.timeZone);
    if (at > now) return { at, sameDay: false };
  }
  throw new Error('no business day within two weeks');
}
