import { Router, type Request } from 'express';
import { AcceptInvitationRequest, CreateInvitationRequest, type InvitationList } from '../../../../protocol';
import type { InvitationsRepo } from '../../data/invitations-repo';
import type { Invitations } from '../../domain/invitations';
import type { Principal } from '../../domain/principal';
import { principalOf } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';
import { originOf } from './sign-in';

export interface InvitationRouteDeps { invitations: Invitations; repo: InvitationsRepo; baseUrl(req: Request): string }

/** Invitations of the caller's team (admins and owners), and accepting one (public: the link is the credential). */
export function invitationsRouter({ invitations, repo, baseUrl }: InvitationRouteDeps): Router {
  const router = Router();

  router.post('/teams/current/invitations', authorize('invitations.manage'), async (req, res) => {
    const { email, role } = parseOr400(CreateInvitationRequest, req.body);
    const created = await invitations.create(principalOf(res), email, role, originOf(req), baseUrl(req));
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  router.get('/teams/current/invitations', authorize('invitations.manage'), async (_req, res) => {
    const body: InvitationList = { data: await repo.list(principalOf(res).teamId) };
    res.json(body);
  });

  router.delete('/teams/current/invitations/:id', authorize('invitations.manage'), async (req, res) => {
    await invitations.revoke(principalOf(res), req.params.id!, originOf(req));
    res.status(204).end();
  });

  // A signed-in caller (any valid token) joins as themselves; otherwise name/password in the body.
  router.post('/invitations/accept', authorize('public'), async (req, res) => {
    const request = parseOr400(AcceptInvitationRequest, req.body);
    const caller = res.locals.principal as Principal | undefined;
    const session = await invitations.accept(request, caller, originOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json(session);
  });

  return router;
}
