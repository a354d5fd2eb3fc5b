import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../../protocol';
import type { AccountsRepo } from '../data/accounts-repo';
import { AppError } from '../domain/errors';
import type { Principal, Role } from '../domain/principal';
import { bindUser } from './request-log';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Known tokens are remembered for a few seconds: the lookup is a synchronous SQLite query on every
 * request otherwise. Only successes are cached (a new token works at once); a revoked or expired
 * token may keep working for up to `ttlMs` on an instance that saw it just before.
 */
class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  get(token: string): Principal | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.principal;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(token, { principal, until: Date.now() + this.ttlMs });
  }
}

/** Resolves `Authorization: Bearer <token>` to a principal, or answers 401. */
export function requireAuth(accounts: AccountsRepo, options: { cacheTtlMs?: number } = {}): RequestHandler {
  const cache = new PrincipalCache(options.cacheTtlMs ?? 5_000);
  return async (req, res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) {
      throw new AppError(401, ErrorCode.unauthorized,
        'missing API token: send "Authorization: Bearer <token>" (create one with `churnistic token create`)');
    }
    const token = match[1]!;
    let principal = cache.get(token);
    if (!principal) {
      principal = (await accounts.findPrincipal(token)) ?? undefined;
      if (!principal) throw new AppError(401, ErrorCode.unauthorized, 'API token is invalid, expired or revoked');
      cache.set(token, principal);
    }
    res.locals.principal = principal;
    bindUser(req, res, principal.userId); // the request's own logger: no extra child per request
    next();
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new AppError(401, ErrorCode.unauthorized, 'not authenticated');
  return p;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Route guard: the caller's role must be at least `role`. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    if (RANK[principalOf(res).role] < RANK[role]) {
      throw new AppError(403, ErrorCode.forbidden, `this action needs the ${role} role`);
    }
    next();
  };
}
