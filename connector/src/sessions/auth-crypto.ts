import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Anyone holding a session's auth state can read and send as that WhatsApp
// number, so the state is encrypted before it leaves the connector and the
// platform only ever stores ciphertext.

const DEV_KEY = createHash('sha256').update('leadwire-development-whatsapp-auth-key').digest();

/**
 * `WHATSAPP_AUTH_KEY`: 32 random bytes, base64 (`openssl rand -base64 32`).
 * Development and tests fall back to a fixed key derived from a public string;
 * production refuses both that and a missing key, as it does for the
 * platform's development secrets.
 */
export function readAuthKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const production = env.NODE_ENV === 'production';
  const raw = env.WHATSAPP_AUTH_KEY?.trim();
  if (!raw) {
    if (production) throw new Error('WHATSAPP_AUTH_KEY must be set in production (32 random bytes, base64: openssl rand -base64 32)');
    return DEV_KEY;
  }
  const key = Buffer.from(raw, 'base64');
  // Buffer.from skips what is not base64; re-encoding shows whether anything was.
  if (key.length !== 32 || key.toString('base64') !== raw) throw new Error('WHATSAPP_AUTH_KEY must be exactly 32 bytes, base64-encoded');
  if (production && key.equals(DEV_KEY)) throw new Error('WHATSAPP_AUTH_KEY must not be the development key in production');
  return key;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface AuthCipher {
  /**
   * The stored name of a Baileys key. Ids are phone numbers and JIDs of the
   * people the business talks to: the kind stays readable, the id is hashed
   * with a key of ours so the names give nobody away.
   */
  name(type: string, id: string): string;
  seal(name: string, plaintext: string): string;
  /** Throws when the key is wrong or the value was tampered with or moved to another name. */
  open(name: string, sealed: string): string;
}

export function createAuthCipher(key: Buffer, sessionId: string): AuthCipher {
  if (key.length !== 32) throw new Error('the auth key must be 32 bytes');
  const subkey = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `leadwire-whatsapp-auth/${info}`, 32));
  const encryption = subkey('aes-256-gcm');
  const naming = subkey('names');
  // Binding each value to its session and name stops a row from being replayed under another.
  const aad = (name: string) => Buffer.from(`${sessionId}\n${name}`, 'utf8');

  return {
    name: (type, id) => `${type}:${createHmac('sha256', naming).update(`${sessionId}\n${type}\n${id}`).digest('base64url').slice(0, 32)}`,
    seal(name, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryption, iv).setAAD(aad(name));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(name, sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new AuthDecryptError(name);
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryption, iv, { authTagLength: TAG_BYTES }).setAAD(aad(name));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new AuthDecryptError(name);
      }
    },
  };
}

export class AuthDecryptError extends Error {
  constructor(name: string) {
    // The kind only: the name's hashed id means nothing to a reader anyway.
    super(`WhatsApp auth state "${name.split(':')[0]}" does not decrypt: wrong WHATSAPP_AUTH_KEY, or the value was altered`);
    this.name = 'AuthDecryptError';
  }
}
