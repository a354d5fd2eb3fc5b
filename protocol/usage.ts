import * as z from 'zod';

/** How `GET /api/v1/usage` groups its rows. */
export const UsageGroupBy = z.enum(['user', 'team', 'model', 'day']);
export type UsageGroupBy = z.infer<typeof UsageGroupBy>;

const isoDay = z.iso.date('a calendar day as YYYY-MM-DD');

/** Longest range one summary may cover: a year and a day, so "the same day last year" fits. */
export const MAX_USAGE_RANGE_DAYS = 366;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * `GET /api/v1/usage` query. Days are UTC and both ends are inclusive; without them the summary
 * covers the current calendar month so far (the period spend limits and alerts count).
 */
export const UsageQuery = z.object({
  groupBy: UsageGroupBy.default('day').describe('Row key: user id, team id, model id or UTC day'),
  from: isoDay.optional().describe('First UTC day, inclusive (default: the first day of this month)'),
  to: isoDay.optional().describe('Last UTC day, inclusive (default: today)'),
  userId: z.string().min(1).max(128).optional()
    .describe('Only this user; members and viewers may name only themselves'),
  model: z.string().min(1).max(256).optional().describe('Only requests answered by this model'),
}).superRefine((q, ctx) => {
  if (q.from && q.to && q.from > q.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
  } else if (q.from && q.to && dayNumber(q.to) - dayNumber(q.from) >= MAX_USAGE_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may cover at most ${MAX_USAGE_RANGE_DAYS} days` });
  }
});
export type UsageQuery = z.infer<typeof UsageQuery>;

/** Aggregates over a set of usage records (one request = one record, whatever its outcome). */
export const UsageTotals = z.object({
  requests: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().describe('From the models\' list prices at the time of each request'),
  errors: z.number().int().nonnegative().describe('Requests that failed (client aborts are not errors)'),
  aborted: z.number().int().nonnegative().describe('Requests the client cancelled'),
  fallbacks: z.number().int().nonnegative().describe('Models given up on before the one that answered, summed'),
  avgLatencyMs: z.number().nonnegative().describe('Mean total latency, all outcomes'),
  p95LatencyMs: z.number().nonnegative().optional().describe('95th percentile total latency (nearest rank)'),
});
export type UsageTotals = z.infer<typeof UsageTotals>;

export const UsageRow = UsageTotals.extend({
  key: z.string().describe('The user id, team id, model id or YYYY-MM-DD day of this row'),
});
export type UsageRow = z.infer<typeof UsageRow>;

/** `GET /api/v1/usage` answer: rows in key order for days, most expensive first otherwise. */
export const UsageSummary = z.object({
  groupBy: UsageGroupBy,
  from: z.string().describe('First UTC day covered'),
  to: z.string().describe('Last UTC day covered'),
  teamId: z.string(),
  userId: z.string().optional().describe('Set when the summary covers one user only'),
  rows: z.array(UsageRow),
  totals: UsageTotals,
});
export type UsageSummary = z.infer<typeof UsageSummary>;

/** What a spend alert webhook receives (POST, JSON); `text` makes it readable in Slack-style hooks. */
export const SpendAlertPayload = z.object({
  type: z.literal('spend_threshold_crossed'),
  scope: z.enum(['user', 'team']),
  id: z.string().describe('The user id or team id'),
  teamId: z.string(),
  month: z.string().describe('YYYY-MM, UTC'),
  threshold: z.number().describe('USD'),
  spend: z.number().describe('Month-to-date spend in USD when the threshold was crossed'),
  at: z.string(),
  text: z.string(),
});
export type SpendAlertPayload = z.infer<typeof SpendAlertPayload>;
