// Callers with a chosen team and role, each with their own API token, for tests of team scoping and
// role rules (the harness's own token is the owner of team_default).
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import type { Role } from '../../server/src/domain/principal';
import type { TestServer } from './harness';

export interface TestCaller {
  userId: string;
  teamId: string;
  token: string;
  /** fetch as this caller; `json` sends it as the body (POST unless a method is given). */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/** A user in `teamId` (created if missing) with `role` and a fresh token. */
export async function addCaller(s: TestServer, userId: string, role: Role, teamId = 'team_default',
  name = userId): Promise<TestCaller> {
  const now = new Date().toISOString();
  await s.db.execute({ sql: 'INSERT OR IGNORE INTO teams (id, name, created_at) VALUES (?, ?, ?)', args: [teamId, teamId, now] });
  await s.db.execute({
    sql: 'INSERT INTO users (id, team_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)', args: [userId, teamId, name, role, now],
  });
  const token = await new AccountsRepo(s.db).createToken({ userId, teamId }, `${userId} test token`);
  return {
    userId, teamId, token,
    api: (pathname, init = {}) => s.api(pathname, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } }),
  };
}
