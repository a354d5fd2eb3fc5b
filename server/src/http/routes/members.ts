import { Router } from 'express';
import { ErrorCode, UpdateMemberRequest, type MemberList, type TeamInfo, type TeamRole } from '../../../../protocol';
import type { MembersRepo } from '../../data/members-repo';
import type { TokensRepo } from '../../data/tokens-repo';
import type { AuditLog } from '../../domain/audit';
import { AppError, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { auditContext } from '../audit-context';
import { principalOf, type PrincipalCache } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

export interface MemberRouteDeps { members: MembersRepo; tokens: TokensRepo; audit: AuditLog; principals: PrincipalCache }

const MANAGERS: TeamRole[] = ['owner', 'admin'];

/**
 * Beyond the route's members.manage: an owner may do anything (but the last owner stays an owner);
 * an admin may only move members and viewers between member and viewer, or remove them, so admins
 * can neither promote themselves nor touch owners and other admins.
 */
function checkAdminLimits(p: Principal, targetRole: TeamRole, newRole?: TeamRole): void {
  if (p.role === 'owner') return;
  if (MANAGERS.includes(targetRole) || (newRole && MANAGERS.includes(newRole))) {
    throw new AppError(403, ErrorCode.forbidden, 'only an owner may change or remove owners and admins, or make someone one');
  }
}

const lastOwner = () => new AppError(409, ErrorCode.conflict,
  'the team\'s last owner cannot be demoted or removed: make someone else an owner first');

/** `/teams/current…`: the token's team, its members and their roles. */
export function membersRouter({ members, tokens, audit, principals }: MemberRouteDeps): Router {
  const router = Router();

  router.get('/teams/current', authorize('members.read'), async (_req, res) => {
    const p = principalOf(res);
    const team = await members.team(p.teamId);
    if (!team) throw notFound('team');
    const body: TeamInfo = { id: team.id, name: team.name, role: p.role, memberCount: team.memberCount, createdAt: team.createdAt };
    res.json(body);
  });

  router.get('/teams/current/members', authorize('members.read'), async (_req, res) => {
    const body: MemberList = { data: await members.list(principalOf(res).teamId) };
    res.json(body);
  });

  router.patch('/teams/current/members/:userId', authorize('members.manage'), async (req, res) => {
    const { role } = parseOr400(UpdateMemberRequest, req.body);
    const p = principalOf(res);
    const userId = req.params.userId;
    const from = await members.role(p.teamId, userId);
    if (!from) throw notFound(`member ${userId}`);
    checkAdminLimits(p, from, role);
    if (from !== role) {
      const outcome = await members.setRole(p.teamId, userId, role);
      if (outcome === 'not_found') throw notFound(`member ${userId}`);
      if (outcome === 'last_owner') throw lastOwner();
      principals.forgetUser(userId); // the new role applies to their next request, not after the cache's 5 s
      await audit.record({ ...auditContext(req), action: 'member.role_changed', actor: p, target: { type: 'user', id: userId },
        details: { from, to: role } });
    }
    const member = (await members.list(p.teamId)).find((m) => m.userId === userId);
    if (!member) throw notFound(`member ${userId}`);
    res.json(member);
  });

  router.delete('/teams/current/members/:userId', authorize('members.manage'), async (req, res) => {
    const p = principalOf(res);
    const userId = req.params.userId;
    const role = await members.role(p.teamId, userId);
    if (!role) throw notFound(`member ${userId}`);
    checkAdminLimits(p, role);
    const outcome = await members.remove(p.teamId, userId);
    if (outcome === 'not_found') throw notFound(`member ${userId}`);
    if (outcome === 'last_owner') throw lastOwner();
    // Their tokens for this team stop working anyway (no membership); revoking them means a later
    // re-invitation does not bring old tokens back.
    const revoked = await tokens.revokeAllOf(userId, p.teamId);
    principals.forgetUser(userId);
    await audit.record({ ...auditContext(req), action: 'member.removed', actor: p, target: { type: 'user', id: userId },
      details: { role, tokensRevoked: revoked } });
    res.status(204).end();
  });

  return router;
}
