import { Router } from 'express';
import { CreateTokenRequest, ErrorCode, TokenListQuery, type CreatedToken, type TokenList } from '../../../../protocol';
import type { AccountsRepo } from '../../data/accounts-repo';
import type { StoredToken, TokensRepo } from '../../data/tokens-repo';
import type { AuditLog } from '../../domain/audit';
import { AppError, notFound } from '../../domain/errors';
import { can } from '../../domain/policy';
import type { Principal } from '../../domain/principal';
import { auditContext } from '../audit-context';
import { principalOf, type PrincipalCache } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

export interface TokenRouteDeps { accounts: AccountsRepo; tokens: TokensRepo; audit: AuditLog; principals: PrincipalCache }

const DAY_MS = 86_400_000;

const listed = (t: StoredToken, p: Principal) => {
  const { teamId: _team, ...info } = t;
  return { ...info, current: t.id === p.tokenId };
};

/**
 * `/tokens`: everyone manages their own API tokens and sessions in the token's team; admins and
 * owners (tokens.manage_team) also list and revoke the team's. A token never creates a token with
 * more scopes than its own, so a narrowly scoped token cannot escalate.
 */
export function tokensRouter({ accounts, tokens, audit, principals }: TokenRouteDeps): Router {
  const router = Router();

  router.get('/tokens', authorize('tokens.manage_own'), async (req, res) => {
    const { scope } = parseOr400(TokenListQuery, req.query, 'query');
    const p = principalOf(res);
    if (scope === 'team' && !can(p, 'tokens.manage_team')) {
      throw new AppError(403, ErrorCode.forbidden, 'only admins and owners may list the team\'s tokens');
    }
    const rows = await tokens.listActive(p.teamId, scope === 'team' ? undefined : p.userId);
    const body: TokenList = { data: rows.map((t) => listed(t, p)) };
    res.json(body);
  });

  router.post('/tokens', authorize('tokens.manage_own'), async (req, res) => {
    const request = parseOr400(CreateTokenRequest, req.body);
    const p = principalOf(res);
    const scopes = request.scopes ? [...new Set(request.scopes)] : p.scopes;
    const beyond = p.scopes && scopes ? scopes.filter((s) => !p.scopes!.includes(s)) : [];
    if (beyond.length) {
      throw new AppError(403, ErrorCode.forbidden, `this token cannot grant scopes it lacks: ${beyond.join(', ')}`);
    }
    const expiresAt = request.expiresInDays ? new Date(Date.now() + request.expiresInDays * DAY_MS).toISOString() : null;
    const { id, token } = await accounts.issueToken({ userId: p.userId, teamId: p.teamId }, request.name, { kind: 'api', scopes, expiresAt });
    await audit.record({ ...auditContext(req), action: 'token.created', actor: p, target: { type: 'token', id },
      details: { name: request.name, scopes, expiresAt } });
    const created = await tokens.findInTeam(p.teamId, id);
    const body: CreatedToken = { ...listed(created!, p), token };
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(body);
  });

  router.delete('/tokens/:id', authorize('tokens.manage_own'), async (req, res) => {
    const p = principalOf(res);
    const token = await tokens.findInTeam(p.teamId, req.params.id);
    // Someone else's token is "not found" unless the caller may manage the team's: ids reveal nothing.
    if (!token || (token.userId !== p.userId && !can(p, 'tokens.manage_team'))) throw notFound('token');
    if (!await tokens.revoke(token.id)) throw notFound('token');
    principals.forgetToken(token.id); // effective at once in this process, not after the cache's 5 s
    await audit.record({ ...auditContext(req), action: 'token.revoked', actor: p, target: { type: 'token', id: token.id },
      details: { name: token.name, ownerUserId: token.userId, kind: token.kind } });
    res.status(204).end();
  });

  return router;
}
