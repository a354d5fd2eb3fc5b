import { Router } from 'express';
import { ErrorCode, UsageQuery, type UsageSummary } from '../../../../protocol';
import type { UsageSummaryRepo } from '../../data/usage-summary-repo';
import { AppError, notFound } from '../../domain/errors';
import { can } from '../../domain/policy';
import type { Principal } from '../../domain/principal';
import { principalOf } from '../auth';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

const today = () => new Date().toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/**
 * `GET /api/v1/usage`: requests, tokens, cost, errors and latency grouped by user, team, model or
 * day. The caller's team bounds every query; below admin, the caller's own records bound it.
 */
export function usageRouter(summaries: UsageSummaryRepo): Router {
  const router = Router();

  router.get('/usage', authorize('usage.read_own'), async (req, res) => {
    const query = parseOr400(UsageQuery, req.query, 'query');
    const principal = principalOf(res);
    const userId = await visibleUser(summaries, principal, query.userId);
    const to = query.to ?? today();
    const from = query.from ?? `${to.slice(0, 7)}-01`;
    // The schema checks the range when both ends are given; with defaults filled in, check again.
    parseOr400(UsageQuery, { ...query, from, to }, 'query');
    const { rows, totals } = await summaries.summarize(query.groupBy, {
      teamId: principal.teamId, userId, model: query.model, fromIso: `${from}T00:00:00.000Z`, toIso: nextDay(to),
    });
    const body: UsageSummary = {
      groupBy: query.groupBy, from, to, teamId: principal.teamId, ...(userId ? { userId } : {}), rows, totals,
    };
    res.json(body);
  });

  return router;
}

/**
 * The user a summary is restricted to, or undefined for the whole team. Members and viewers are
 * always restricted to themselves and may not name anyone else (403). Admins may name a member of
 * their own team; a user outside it is "not found", so ids of other teams reveal nothing.
 */
async function visibleUser(summaries: UsageSummaryRepo, principal: Principal, requested: string | undefined): Promise<string | undefined> {
  // The policy's usage.read_team (admins and owners, with the admin scope) widens the view to the team.
  if (!can(principal, 'usage.read_team')) {
    if (requested !== undefined && requested !== principal.userId) {
      throw new AppError(403, ErrorCode.forbidden, 'only admins and owners may see other users\' usage');
    }
    return principal.userId;
  }
  if (requested === undefined || requested === principal.userId) return requested;
  if (!await summaries.isTeamMember(principal.teamId, requested)) throw notFound(`user ${requested} in your team`);
  return requested;
}
