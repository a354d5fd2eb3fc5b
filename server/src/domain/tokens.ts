import { createHash, randomBytes } from 'node:crypto';
import type { TokenKind } from '../../../protocol';

/** API tokens (tokens API, CLI) and sessions (sign-in) look different, so a leaked one is recognisable. */
const PREFIXES: Record<TokenKind, string> = { api: 'chur_', session: 'churs_' };

/** A new token: high-entropy, so a fast hash is enough to store it (as GitHub does). */
export function generateToken(kind: TokenKind = 'api'): string {
  return PREFIXES[kind] + randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters, shown in token lists so a user can tell tokens apart. */
export function tokenPrefix(token: string): string {
  const prefix = token.startsWith(PREFIXES.session) ? PREFIXES.session : PREFIXES.api;
  return token.slice(0, prefix.length + 4);
}
