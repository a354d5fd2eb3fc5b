import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'chur_';

/** A new API token: high-entropy, so a fast hash is enough to store it (as GitHub does). */
export function generateToken(): string {
  return PREFIX + randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters, shown in token lists so a user can tell tokens apart. */
export function tokenPrefix(token: string): string {
  return token.slice(0, PREFIX.length + 4);
}
