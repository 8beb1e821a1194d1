import type { BaileysEventMap } from '@whiskeysockets/baileys';

/** One handler per Baileys event type; each awaits its own work. */
export type EventHandlers = Partial<{ [E in keyof BaileysEventMap]: (payload: BaileysEventMap[E]) => Promise<void> }>;

/** The one thing the dispatcher logs; a pino Logger fits. */
export interface DispatchLog {
  error(obj: object, msg: string): void;
}

/**
 * Builds the function to pass to `sock.ev.process`. Baileys hands it batches
 * (`Partial<BaileysEventMap>`) whose keys it inserts in a meaningful order
 * (upserts before updates, so a receipt follows its message); we run them in
 * that order, one at a time.
 *
 * Baileys' `process` does not await one batch before emitting the next, so a
 * slow handler would let a later batch overtake it. We chain the batches: a
 * batch starts only after the previous one finished; upserts that wait their
 * turn together are joined into one.
 *
 * A handler that throws is logged and the rest of the batch still runs: one
 * bad event must not drop the receipts or messages that came with it. The
 * payload is never logged — it holds phone numbers, names and message text.
 */
export function createEventDispatcher(handlers: EventHandlers, log: DispatchLog) {
  let previous: Promise<void> = Promise.resolve();

  const runBatch = async (events: Partial<BaileysEventMap>) => {
    for (const event of Object.keys(events) as (keyof BaileysEventMap)[]) {
      const handler = handlers[event] as ((payload: unknown) => Promise<void>) | undefined;
      if (!handler) continue;
      try {
        await handler(events[event]);
      } catch (err) {
        log.error({ event, error: describe(err) }, 'whatsapp event handler failed');
      }
    }
  };

  // Batches not finished yet, and the last of them while it waits behind
  // another: upserts arriving meanwhile join it.
  let unfinished = 0;
  let waiting: { events: Partial<BaileysEventMap>; run: Promise<void> } | null = null;

  return (events: Partial<BaileysEventMap>): Promise<void> => {
    if (waiting && joinUpserts(waiting.events, events)) return waiting.run;
    const upsert = onlyUpsert(events);
    // A copy the next upserts can join without touching Baileys' objects.
    const entry = { events: upsert ? { 'messages.upsert': { ...upsert, messages: [...upsert.messages] } } : events, run: previous };
    // runBatch never rejects, so the chain never breaks.
    entry.run = previous.then(() => {
      if (waiting === entry) waiting = null;
      return runBatch(entry.events).finally(() => unfinished--);
    });
    // One that starts at once is not held back for company.
    waiting = unfinished++ ? entry : null;
    previous = entry.run;
    return previous;
  };
}

// Upserts that pile up behind a slow one are handled as one, as Baileys itself
// does with what it buffers: one spool write and one ingest call for all of
// them, in the order they came. At most what one ingest call takes.
const JOIN_LIMIT = 500;

function onlyUpsert(events: Partial<BaileysEventMap>): BaileysEventMap['messages.upsert'] | null {
  const upsert = events['messages.upsert'];
  return upsert && Object.keys(events).length === 1 && !upsert.requestId ? upsert : null;
}

function joinUpserts(into: Partial<BaileysEventMap>, events: Partial<BaileysEventMap>): boolean {
  const target = onlyUpsert(into);
  const next = onlyUpsert(events);
  if (!target || !next || next.type !== target.type || target.messages.length + next.messages.length > JOIN_LIMIT) return false;
  target.messages.push(...next.messages);
  return true;
}

// Name and message only: no stack with argument values, nothing from the payload.
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: typeof err, message: 'non-Error thrown' };
}
