import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import { createAuthCipher } from './auth-crypto.ts';

/** Where sealed entries live; the connector's is the conversations subgraph, through the router. */
export interface AuthBackend {
  /** The stored values among `keys`; absent keys are left out. */
  read(sessionId: string, keys: string[]): Promise<Record<string, string>>;
  /** Upserts, and deletes the keys given null, at once. */
  write(sessionId: string, entries: Record<string, string | null>): Promise<void>;
  clear(sessionId: string): Promise<void>;
}

export interface LoadedAuth {
  state: AuthenticationState;
  /** Persists `state.creds`; call it on every `creds.update`. */
  saveCreds(): Promise<void>;
}

export interface AuthStore {
  load(): Promise<LoadedAuth>;
  /** Wipes the session's state (after a logout); writes of states loaded before are dropped from now on. */
  clear(): Promise<void>;
}

const CREDS = 'creds';

/**
 * A Baileys auth state kept in a backend, every value AES-256-GCM encrypted
 * with `key` before it leaves the process. Baileys' own file store
 * (`useMultiFileAuthState`) is documented as unfit for production; this is
 * the same shape over a database.
 *
 * Writes (saveCreds, keys.set, clear) go out one at a time in call order, so a
 * later write always wins; reads wait for the writes issued before them, so
 * Baileys reads back what it just wrote.
 */
export function createAuthStore({ backend, sessionId, key }: { backend: AuthBackend; sessionId: string; key: Buffer }): AuthStore {
  const cipher = createAuthCipher(key, sessionId);
  let tail: Promise<unknown> = Promise.resolve();
  let generation = 0;

  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
  const settled = () => tail;

  const decode = (name: string, sealed: string) => JSON.parse(cipher.open(name, sealed), BufferJSON.reviver);
  const encode = (name: string, value: unknown) => cipher.seal(name, JSON.stringify(value, BufferJSON.replacer));

  async function load(): Promise<LoadedAuth> {
    const mine = generation;
    // A clear (or creds save) still on its way must land before we read.
    await settled();
    const stored = await backend.read(sessionId, [CREDS]);
    const creds: AuthenticationCreds = stored[CREDS] ? decode(CREDS, stored[CREDS]) : initAuthCreds();
    // A socket of before the clear must not write its dead session back.
    const write = (entries: Record<string, string | null>) =>
      inOrder(async () => {
        if (mine === generation) await backend.write(sessionId, entries);
      });

    return {
      state: {
        creds,
        keys: {
          async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
            const names = new Map(ids.map((id) => [cipher.name(type, id), id]));
            await settled();
            const found = names.size ? await backend.read(sessionId, [...names.keys()]) : {};
            const result: { [id: string]: SignalDataTypeMap[T] } = {};
            for (const [name, id] of names) {
              if (found[name] === undefined) continue;
              const value = decode(name, found[name]);
              result[id] = type === 'app-state-sync-key' ? (proto.Message.AppStateSyncKeyData.fromObject(value) as never) : value;
            }
            return result;
          },
          async set(data) {
            const entries: Record<string, string | null> = {};
            for (const [type, byId] of Object.entries(data)) {
              for (const [id, value] of Object.entries(byId ?? {})) {
                const name = cipher.name(type, id);
                // Baileys deletes a key by setting it to null or undefined.
                entries[name] = value ? encode(name, value) : null;
              }
            }
            if (Object.keys(entries).length) await write(entries);
          },
        },
      },
      saveCreds: () => write({ [CREDS]: encode(CREDS, creds) }),
    };
  }

  return {
    load,
    clear: () => {
      generation++;
      return inOrder(() => backend.clear(sessionId));
    },
  };
}
