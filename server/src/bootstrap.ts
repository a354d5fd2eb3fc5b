import { AccountsRepo } from './data/accounts-repo';
import type { Db } from './data/db';

/**
 * Makes sure someone can use a fresh server: registers CHURNISTIC_ADMIN_TOKEN when set, or else
 * creates an admin token when none exists. Returns a newly created token (to print once) or null.
 */
export async function ensureAdminAccess(db: Db, adminToken: string | undefined): Promise<string | null> {
  const accounts = new AccountsRepo(db);
  const admin = await accounts.ensureDefaultAdmin();
  if (adminToken) {
    await accounts.registerToken(adminToken, admin, 'CHURNISTIC_ADMIN_TOKEN');
    return null;
  }
  if ((await accounts.countActiveTokens()) > 0) return null;
  return accounts.createToken(admin, 'first admin token');
}

export function adminTokenBanner(token: string, url: string): string {
  return [
    '',
    '  ┌─ Churnistic admin token (shown once; it is stored hashed) ─────────────',
    `  │  ${token}`,
    '  │',
    `  │  Server: ${url}`,
    '  │  In VS Code or Cursor: run "Churnistic: Sign In" and paste the token.',
    '  │  Another token later: node dist/cli.js token create --name my-laptop',
    '  └────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}
