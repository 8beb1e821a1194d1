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
 * batch starts only after the previous one finished.
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

  return (events: Partial<BaileysEventMap>): Promise<void> => {
    // runBatch never rejects, so the chain never breaks.
    previous = previous.then(() => runBatch(events));
    return previous;
  };
}

// Name and message only: no stack with argument values, nothing from the payload.
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: typeof err, message: 'non-Error thrown' };
}
