import { Router } from 'express';
import type { MeResponse } from '../../../../protocol';
import { principalOf } from '../auth';
import { authorize } from '../route-policy';

/**
 * Who the token belongs to: the extension calls this to check a token when signing in. The first
 * fields keep their shape for older extensions; email, team, scopes and tokenKind came with accounts.
 */
export function meRouter(): Router {
  const router = Router();
  router.get('/me', authorize('profile.own'), (_req, res) => {
    const p = principalOf(res);
    const body: MeResponse = {
      user: { id: p.userId, name: p.name, role: p.role, email: p.email },
      teamId: p.teamId,
      team: { id: p.teamId, name: p.teamName },
      scopes: p.scopes,
      tokenKind: p.tokenKind,
    };
    res.json(body);
  });
  return router;
}
