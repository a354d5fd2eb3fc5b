import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../../protocol';
import type { AccountsRepo } from '../data/accounts-repo';
import { AppError } from '../domain/errors';
import type { Principal, Role } from '../domain/principal';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves `Authorization: Bearer <token>` to a principal, or answers 401. */
export function requireAuth(accounts: AccountsRepo): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) {
      throw new AppError(401, ErrorCode.unauthorized,
        'missing API token: send "Authorization: Bearer <token>" (create one with `churnistic token create`)');
    }
    const principal = await accounts.findPrincipal(match[1]!);
    if (!principal) throw new AppError(401, ErrorCode.unauthorized, 'API token is invalid, expired or revoked');
    res.locals.principal = principal;
    req.log = req.log?.child({ userId: principal.userId });
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
