// Helpers for the local-account tests (sign-in, reset, invitations, setup): anonymous JSON calls,
// users with a real scrypt password written straight into the database, and the mail outbox.
import assert from 'node:assert/strict';
import { ErrorBody, OutboxList } from '../../protocol';
import { hashPassword } from '../../server/src/domain/passwords';
import type { TestServer } from './harness';

export const PASSWORD = 'correct horse battery';

/** fetch without the harness's admin token; `json` is POSTed unless a method is given; `ip` becomes X-Forwarded-For. */
export function anon(s: TestServer, path: string, init: RequestInit & { json?: unknown; ip?: string; token?: string } = {}): Promise<Response> {
  const { json, ip, token, headers, ...rest } = init;
  return fetch(s.url + path, {
    ...rest,
    method: rest.method ?? (json !== undefined ? 'POST' : 'GET'),
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      // The server trusts X-Forwarded-For from loopback (a local reverse proxy): how tests pose as other addresses.
      ...(ip ? { 'x-forwarded-for': ip } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(headers as Record<string, string> | undefined),
    },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

export const login = (s: TestServer, email: string, password: string, ip = '10.0.0.1') =>
  anon(s, '/api/v1/auth/login', { json: { email, password }, ip });

/** A user with a password in `teamId` (created if missing), like one who signed up. */
export async function addPasswordUser(s: TestServer, id: string, email: string, opts: { teamId?: string; role?: string; password?: string } = {}) {
  const teamId = opts.teamId ?? 'team_default';
  const now = new Date().toISOString();
  await s.db.execute({ sql: 'INSERT OR IGNORE INTO teams (id, name, created_at) VALUES (?, ?, ?)', args: [teamId, teamId, now] });
  await s.db.execute({
    sql: 'INSERT INTO users (id, team_id, email, name, role, created_at, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    args: [id, teamId, email, id, opts.role ?? 'member', now, await hashPassword(opts.password ?? PASSWORD)],
  });
  return { id, email, teamId };
}

export async function json<T>(res: Response, status: number, schema: { parse(x: unknown): T }): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return schema.parse(JSON.parse(text));
}

export const error = (res: Response, status: number) => json(res, status, ErrorBody).then((b) => b.error);

/** The outbox as the admin of the harness's team sees it; waits for mail written after a 202. */
export async function outboxMail(s: TestServer, to: string, count = 1, token = s.token) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const box = await json(await anon(s, '/api/v1/admin/outbox', { token }), 200, OutboxList);
    const mine = box.data.filter((m) => m.to === to);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The token in the first link of a mail body. */
export function linkToken(text: string, param: 'reset' | 'token'): string {
  const url = new URL(/https?:\/\/\S+/.exec(text)![0]);
  return url.searchParams.get(param)!;
}

export async function auditActions(s: TestServer, action: string): Promise<Record<string, unknown>[]> {
  const r = await s.db.execute({ sql: 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', args: [action] });
  return r.rows.map((row) => ({ ...row }));
}
