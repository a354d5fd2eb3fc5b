import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../../protocol';
import type { AccountsRepo } from '../data/accounts-repo';
import { AppError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { bindUser } from './request-log';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Known tokens are remembered for a few seconds: the lookup is a SQLite query on every request
 * otherwise. Only successes are cached (a new token works at once). This process forgets a token
 * as soon as it revokes it or changes its user's membership (forgetToken / forgetUser); another
 * instance sharing the database may keep honouring it for up to `ttlMs` (5 s by default).
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly ttlMs = 5_000, private readonly maxEntries = 10_000) {}

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

  /** After revoking tokens: keyed by value, so scan (the map is small and revocations are rare). */
  forgetToken(tokenId: string): void {
    for (const [key, { principal }] of this.entries) if (principal.tokenId === tokenId) this.entries.delete(key);
  }

  /** After a role change, a removal or "sign out everywhere": every cached token of the user goes. */
  forgetUser(userId: string): void {
    for (const [key, { principal }] of this.entries) if (principal.userId === userId) this.entries.delete(key);
  }
}

/**
 * Resolves `Authorization: Bearer <token>` to `res.locals.principal` when it can, for every route.
 * It never answers by itself: whether a route needs a principal is the route's `authorize(action)`
 * (http/route-policy.ts), so public routes (sign-in, setup) work with a stale token in the header.
 */
export function authenticate(accounts: AccountsRepo, cache: PrincipalCache): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = BEARER.exec(header);
    const token = match?.[1];
    let principal = token ? cache.get(token) : undefined;
    if (token && !principal) {
      principal = (await accounts.findPrincipal(token)) ?? undefined;
      if (principal) cache.set(token, principal);
    }
    if (principal) {
      res.locals.principal = principal;
      bindUser(req, res, principal.userId); // the request's own logger: no extra child per request
    } else {
      res.locals.authFailure = 'invalid';
    }
    next();
  };
}

/** The 401 for a route that needs a principal and has none. */
export function unauthenticated(res: Response): AppError {
  return res.locals.authFailure === 'invalid'
    ? new AppError(401, ErrorCode.unauthorized, 'API token is invalid, expired or revoked')
    : new AppError(401, ErrorCode.unauthorized,
      'missing API token: send "Authorization: Bearer <token>" (create one with `churnistic token create`)');
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw unauthenticated(res);
  return p;
}
