import { promises as fs } from 'node:fs';
import path from 'node:path';
import { lidUserOf, type LidPair } from './lid-pairs.ts';
import type { InboundItem } from './map-change.ts';

export interface LidStoreOptions {
  /** The session's own directory (beside its spool). */
  dir: string;
  log?: { warn(obj: object, msg: string): void };
  /** Pairs remembered; the least recently learned go first. */
  maxPairs?: number;
}

/**
 * What the connector knows of LIDs (WhatsApp's privacy ids) and what waits
 * for one to be known. Leadwire finds leads by phone, so a message from a
 * chat WhatsApp addresses only by LID cannot be ingested until the LID's
 * number is known; Baileys has already acknowledged it to WhatsApp, so it is
 * held here, on disk, in arrival order, and handed over once the number comes
 * (a `lid-mapping.update`, a later message whose key carries both, Baileys'
 * own store). Both survive a restart.
 */
export interface LidStore {
  /** The phone user (digits) of a LID user, when known. */
  pnOf(lidUser: string): string | undefined;
  /** Remembers pairs; resolves to the LID users whose number was not known before (or changed). */
  learn(pairs: LidPair[]): Promise<string[]>;
  /** Keeps items of LID chats whose number is unknown, on disk before it resolves. */
  hold(items: InboundItem[]): Promise<void>;
  /** Whether items of this LID user are waiting. */
  isHeld(lidUser: string): boolean;
  /** The LID users items wait for. */
  heldLids(): string[];
  /**
   * Hands the items waiting for these LID users to `deliver`, oldest first,
   * and forgets them once it resolved; if it throws they stay.
   */
  release(lidUsers: Iterable<string>, deliver: (items: InboundItem[]) => Promise<void>): Promise<number>;
  /** Items waiting. */
  readonly held: number;
}

const MAP_FILE = 'lid-map.jsonl';
const HELD_FILE = 'lid-held.json';

async function syncDir(dir: string) {
  const handle = await fs.open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

async function writeAtomically(file: string, text: string) {
  const temp = `${file}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
  await syncDir(path.dirname(file));
}

// Dates travel as ISO strings in JSON.
function revive(item: Record<string, unknown>): InboundItem {
  for (const field of ['sentAt', 'at']) if (typeof item[field] === 'string') item[field] = new Date(item[field] as string);
  return item as unknown as InboundItem;
}

const lidOfItem = (item: InboundItem) => lidUserOf(item.remoteJid);

export async function openLidStore(opts: LidStoreOptions): Promise<LidStore> {
  const maxPairs = opts.maxPairs ?? 200_000;
  await fs.mkdir(opts.dir, { recursive: true });
  const mapFile = path.join(opts.dir, MAP_FILE);
  const heldFile = path.join(opts.dir, HELD_FILE);

  const pairs = new Map<string, string>();
  const remember = (lid: string, pn: string) => {
    pairs.delete(lid);
    pairs.set(lid, pn);
    if (pairs.size > maxPairs) pairs.delete(pairs.keys().next().value!);
  };
  const lines = (await fs.readFile(mapFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const line of lines) {
    try {
      const { lid, pn } = JSON.parse(line) as LidPair;
      if (typeof lid === 'string' && typeof pn === 'string') remember(lid, pn);
    } catch {
      // A line cut short by a crash: the ones before it still count.
    }
  }
  const serialize = () => [...pairs].map(([lid, pn]) => JSON.stringify({ lid, pn })).join('\n') + (pairs.size ? '\n' : '');
  // Appends only; rewritten when mostly superseded lines.
  if (lines.length > 2 * pairs.size + 1_000) await writeAtomically(mapFile, serialize());

  let held: InboundItem[] = [];
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(heldFile, 'utf8'));
    if (Array.isArray(parsed)) held = parsed.map((i) => revive(i as Record<string, unknown>));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.log?.warn({ file: heldFile, error: (err as Error).message }, 'held LID messages unreadable; starting with none');
  }

  // One change at a time: appends and rewrites never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const saveHeld = () => writeAtomically(heldFile, JSON.stringify(held));

  return {
    pnOf: (lidUser) => pairs.get(lidUser),

    learn: (learned) =>
      serial(async () => {
        const fresh = learned.filter((p) => pairs.get(p.lid) !== p.pn);
        if (!fresh.length) return [];
        const handle = await fs.open(mapFile, 'a');
        try {
          await handle.appendFile(fresh.map((p) => `${JSON.stringify({ lid: p.lid, pn: p.pn })}\n`).join(''));
          await handle.sync();
        } finally {
          await handle.close();
        }
        for (const p of fresh) remember(p.lid, p.pn);
        return [...new Set(fresh.map((p) => p.lid))];
      }),

    hold: (items) =>
      serial(async () => {
        if (!items.length) return;
        held = [...held, ...items];
        await saveHeld();
      }),

    isHeld: (lidUser) => held.some((i) => lidOfItem(i) === lidUser),

    heldLids: () => [...new Set(held.map(lidOfItem).filter((l): l is string => l !== null))],

    release: (lidUsers, deliver) =>
      serial(async () => {
        const wanted = new Set(lidUsers);
        const taken = held.filter((i) => wanted.has(lidOfItem(i) ?? ''));
        if (!taken.length) return 0;
        await deliver(taken);
        held = held.filter((i) => !taken.includes(i));
        await saveHeld();
        return taken.length;
      }),

    get held() {
      return held.length;
    },
  };
}
