import { Router } from 'express';
import { OutboxQuery, Preferences, UpdateProfileRequest, type OutboxList, type Profile } from '../../../../protocol';
import type { LoginRepo } from '../../data/login-repo';
import type { OutboxRepo } from '../../data/outbox-repo';
import type { PreferencesRepo } from '../../data/preferences-repo';
import type { AuditLog } from '../../domain/audit';
import { notFound } from '../../domain/errors';
import { principalOf, type PrincipalCache } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';
import { originOf } from './sign-in';

export interface ProfileRouteDeps { repo: LoginRepo; preferences: PreferencesRepo; outbox: OutboxRepo; audit: AuditLog; principals: PrincipalCache }

/** The caller's profile and preferences (the extension reads these), and the team's mail outbox. */
export function profileRouter({ repo, preferences, outbox, audit, principals }: ProfileRouteDeps): Router {
  const router = Router();

  const profileOf = async (userId: string): Promise<Profile> => {
    const user = await repo.userById(userId);
    if (!user) throw notFound('user');
    return { id: user.id, email: user.email, name: user.name };
  };

  router.get('/me/profile', authorize('profile.own'), async (_req, res) => {
    res.json(await profileOf(principalOf(res).userId));
  });

  router.patch('/me/profile', authorize('profile.own'), async (req, res) => {
    const { name } = parseOr400(UpdateProfileRequest, req.body);
    const p = principalOf(res);
    await repo.setName(p.userId, name);
    principals.forgetUser(p.userId); // cached principals carry the name (usage rows, template authors)
    res.json(await profileOf(p.userId));
  });

  router.get('/me/preferences', authorize('profile.own'), async (_req, res) => {
    res.json(await preferences.get(principalOf(res).userId));
  });

  // PUT replaces the whole document; omitted fields take their defaults.
  router.put('/me/preferences', authorize('profile.own'), async (req, res) => {
    const next = parseOr400(Preferences, req.body);
    const p = principalOf(res);
    await preferences.put(p.userId, next);
    await audit.record({ ...originOf(req), action: 'preferences.changed', actor: p, target: { type: 'user', id: p.userId }, details: next });
    res.json(next);
  });

  router.get('/admin/outbox', authorize('team.settings'), async (req, res) => {
    const { limit } = parseOr400(OutboxQuery, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store'); // reset and invitation links
    const body: OutboxList = { data: await outbox.list(principalOf(res).teamId, limit) };
    res.json(body);
  });

  return router;
}
