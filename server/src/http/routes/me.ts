import { Router } from 'express';
import type { MeResponse } from '../../../../protocol';
import { principalOf } from '../auth';

/** Who the token belongs to: the extension calls this to check a token when signing in. */
export function meRouter(): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    const p = principalOf(res);
    const body: MeResponse = { user: { id: p.userId, name: p.name, role: p.role }, teamId: p.teamId };
    res.json(body);
  });
  return router;
}
