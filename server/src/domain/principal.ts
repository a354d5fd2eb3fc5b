export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Who is calling: resolved from the bearer token by the auth middleware. */
export interface Principal {
  userId: string;
  teamId: string;
  tokenId: string;
  name: string;
  role: Role;
}
