import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native addon). Stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64), so the cost can be raised later and old hashes
 * still verify with the parameters they were made with.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt needs 128·N·r bytes (32 MiB here); Node's default maxmem is exactly that, so give headroom. */
const MAX_MEM = 256 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

let runs = 0;
/** How many scrypt derivations this process has run: a metric the enumeration test reads. */
export const scryptRuns = (): number => runs;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLen: number): Promise<Buffer> {
  runs++;
  // The async form runs on libuv's thread pool: a sign-in never blocks other requests.
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, keyLen, { N, r, p, maxmem: MAX_MEM }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, N, r, p, KEY_BYTES);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * True when `password` matches `stored`. The comparison is constant-time; a malformed stored value
 * is simply "no match" (never an exception that would answer differently from a wrong password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a hash that matches no password. Sign-in calls this when the email is unknown (or
 * has no password), so that path runs the same scrypt as a wrong password and takes as long: the
 * response time does not tell which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await dummyHash());
  return false;
}

/** Made once, ahead of the first unknown email (SignIn calls this at start), so that one is not slower either. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  return dummy;
}
