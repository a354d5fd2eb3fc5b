import * as z from 'zod';

/**
 * Teams, roles, tokens and the activity log (issue #8). The same schemas validate the requests on
 * the server, document them in /openapi.json and type the web pages and the extension.
 */

/** Roles in a team, weakest first: the policy (server/src/domain/policy.ts) ranks them in this order. */
export const TeamRole = z.enum(['viewer', 'member', 'admin', 'owner']);
export type TeamRole = z.infer<typeof TeamRole>;

/**
 * What a token may be used for. A token without scopes (NULL in the database) may do everything
 * its owner's role allows; `admin` is the management routes (tokens, members, audit…), still
 * limited by role.
 */
export const TokenScope = z.enum(['chat', 'inline', 'review', 'history', 'admin']);
export type TokenScope = z.infer<typeof TokenScope>;

/** `api`: created by a person or the CLI (`chur_…`); `session`: from a sign-in (`churs_…`, 30 days). */
export const TokenKind = z.enum(['api', 'session']);
export type TokenKind = z.infer<typeof TokenKind>;

/** Every security-relevant action the activity log records. Append only; never rename one (old rows keep it). */
export const AuditAction = z.enum([
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.logout_all', 'auth.locked',
  'auth.password_reset_requested', 'auth.password_reset', 'auth.firebase_login',
  'token.created', 'token.revoked', 'member.role_changed', 'member.removed',
  'invitation.created', 'invitation.revoked', 'invitation.accepted', 'team.created',
  'settings.changed', 'preferences.changed', 'conversation.exported', 'conversation.deleted', 'setup.completed',
  'audit.exported',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Longest an API token may live when an expiry is given (none by default). */
export const MAX_TOKEN_DAYS = 365;

/** `POST /api/v1/tokens`. Scopes must be a subset of the calling token's: a token cannot mint a stronger one. */
export const CreateTokenRequest = z.object({
  name: z.string().trim().min(1).max(100).describe('Shown in token lists, e.g. "laptop" or "CI"'),
  scopes: z.array(TokenScope).min(1).max(5).optional()
    .describe('What the token may be used for; omitted: everything the calling token may do'),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional()
    .describe(`Days until it stops working (at most ${MAX_TOKEN_DAYS}); omitted: never`),
});
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;

/** A token as listed: never its value, only the first characters so people can tell tokens apart. */
export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  kind: TokenKind,
  /** null: every scope. */
  scopes: z.array(TokenScope).nullable(),
  userId: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The token this request was made with. */
  current: z.boolean(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

/** The answer to `POST /tokens`: the only time the value exists in clear. */
export const CreatedToken = TokenInfo.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const TokenList = z.object({ data: z.array(TokenInfo) });
export type TokenList = z.infer<typeof TokenList>;

/** `GET /api/v1/tokens`: the caller's own tokens, or (admins and owners) the whole team's. */
export const TokenListQuery = z.object({
  scope: z.enum(['own', 'team']).default('own').describe('team: every active token of the team (admins and owners)'),
});

export const TeamInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** The caller's role in it. */
  role: TeamRole,
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type TeamInfo = z.infer<typeof TeamInfo>;

export const Member = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: TeamRole,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof Member>;

export const MemberList = z.object({ data: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;

/** `PATCH /api/v1/teams/current/members/{userId}`. */
export const UpdateMemberRequest = z.object({ role: TeamRole });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  action: AuditAction,
  actorUserId: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  teamId: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** Filters shared by `GET /audit` and `GET /audit/export`; days are UTC, `to` is inclusive. */
export const AuditFilter = z.object({
  from: instant.optional().describe('Earliest time (ISO date or date-time), inclusive'),
  to: instant.optional().describe('Latest time (ISO date or date-time), inclusive; a bare date covers that whole day'),
  action: AuditAction.optional().describe('Only this action'),
  actor: z.string().min(1).max(128).optional().describe('Only actions by this user id'),
});

export const AuditQuery = AuditFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d+$/, 'cursor must come from a previous page\'s nextCursor').optional()
    .describe('nextCursor of the previous page'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Newest first; `nextCursor` is null on the last page. */
export const AuditPage = z.object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditExportQuery = AuditFilter.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;
