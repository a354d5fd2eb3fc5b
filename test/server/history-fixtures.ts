// Shared set-up for the history tests: extra users with their own tokens, and conversations written
// through the same repository the chat turn uses (no upstream needed to have history).
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import type { Owner } from '../../server/src/data/conversations-rows';
import type { TestServer } from './harness';

export const ADMIN: Owner = { userId: 'user_admin', teamId: 'team_default' };

export interface TestUser {
  owner: Owner;
  /** fetch as this user. */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export async function addUser(s: TestServer, userId: string): Promise<TestUser> {
  await s.db.execute({
    sql: `INSERT INTO users (id, team_id, name, role, created_at) VALUES (?, 'team_default', ?, 'member', '2026-01-01')`,
    args: [userId, userId],
  });
  const owner = { userId, teamId: 'team_default' };
  const token = await new AccountsRepo(s.db).createToken(owner, userId);
  return { owner, api: (pathname, init = {}) => s.api(pathname, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } }) };
}

export const asAdmin = (s: TestServer): TestUser => ({ owner: ADMIN, api: (p, init) => s.api(p, init) });

/** A conversation with these [role, content] messages, in order; returns its id and message ids. */
export async function seed(s: TestServer, owner: Owner, title: string, messages: [('user' | 'assistant'), string][] = [])
  : Promise<{ id: string; messageIds: string[] }> {
  const repo = new ConversationsRepo(s.db);
  const id = await repo.create(owner, title);
  const messageIds: string[] = [];
  for (const [role, content] of messages) {
    messageIds.push(await repo.addMessage(owner, id, role, content, role === 'assistant' ? { model: 'test-model' } : {}));
  }
  return { id, messageIds };
}

export async function json<T = unknown>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}
