import { getRandomValues } from 'node:crypto';

// Crockford's base32: digits and letters without I, L, O and U, so a number
// read aloud or typed from a phone call cannot be mistaken for another.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * A protocol number such as `LW-7K3M-Q9XP-4TRD`: 12 symbols of 5 random bits
 * (60 bits), so among ten million protocols the chance of any collision is
 * about 4 in 100,000, and the database's unique constraint catches that one.
 * Three groups of four read aloud like a phone number.
 */
export function newProtocolNumber(): string {
  // 256 is a multiple of 32, so `byte & 31` is uniform.
  const bytes = getRandomValues(new Uint8Array(GROUPS * GROUP_LENGTH));
  const symbols = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  const groups = Array.from({ length: GROUPS }, (_, g) => symbols.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH));
  return ['LW', ...groups].join('-');
}

const PROTOCOL = new RegExp(`^LW(-[${ALPHABET}]{${GROUP_LENGTH}}){${GROUPS}}$`);

/**
 * Reads a protocol number as a person typed it: any case, spaces or missing
 * dashes, and the letters Crockford maps to digits (O→0, I/L→1). Null when it
 * cannot be one.
 */
export function normalizeProtocolNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith('LW')) return null;
  const body = compact.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (body.length !== GROUPS * GROUP_LENGTH) return null;
  const candidate = ['LW', ...Array.from({ length: GROUPS }, (_, g) => body.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH))].join('-');
  return PROTOCOL.test(candidate) ? candidate : null;
}
