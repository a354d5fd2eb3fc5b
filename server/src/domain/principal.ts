import type { TokenKind, TokenScope } from '../../../protocol';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Who is calling: resolved from the bearer token by the auth middleware. */
export interface Principal {
  userId: string;
  /** The token's team; every query is bounded by it. */
  teamId: string;
  tokenId: string;
  name: string;
  /** The user's role in `teamId` (from memberships), not a role stored on the user. */
  role: Role;
  email: string | null;
  teamName: string;
  tokenKind: TokenKind;
  /** null: every scope. */
  scopes: TokenScope[] | null;
}
