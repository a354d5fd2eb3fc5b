import { z } from 'zod';
import {
  ChatCompletionRequest, ChatEvent, ChatRequest, ConversationDetail, ConversationExport, ConversationList, ConversationSearchResult,
  ConversationSummary, ErrorBody, ExportQuery, FeedbackRecord, FeedbackRequest, InlineAcceptanceStats, RenameConversationRequest,
  SearchConversationsQuery,
  InlineCompletionRequest, InlineCompletionResponse, InlineConfig, InlineEventBatch, InlineEventsAccepted, ListConversationsQuery,
  MeResponse, ModelList, SpendAlertPayload, UsageQuery, UsageSummary,
  ChatModelList, CommitMessageRequest, CommitMessageResponse, ReviewRequest, ReviewResponse, SaveTemplateRequest, TeamTemplate, TeamTemplateDetail, TeamTemplateList,
  AuditExportQuery, AuditPage, AuditQuery, CreatedToken, CreateTokenRequest, Member, MemberList, TeamInfo, TokenList, TokenListQuery,
  UpdateMemberRequest,
  FirebaseSignInRequest, EditorTokenRequest, EditorTokenResponse, SessionResponse,
  LoginRequest, LogoutResponse, LogoutAllResponse, PasswordResetRequest, PasswordResetConfirm, SetupStatus, SetupRequest,
  CreateInvitationRequest, CreatedInvitation, InvitationList, AcceptInvitationRequest, Profile, UpdateProfileRequest, Preferences,
  OutboxQuery, OutboxList,
} from '../../../protocol';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** 200 response: a JSON schema, or an SSE stream of these events. */
  json?: z.ZodType;
  sse?: z.ZodType;
  /** A non-JSON success body: its media type (Prometheus text, the docs page); with `json`, either one. */
  text?: string;
  /** Success status when it is not 200. */
  status?: number;
  /** Another success status with the same body (PUT: 201 created, 200 updated). */
  alsoStatus?: number;
}

/** The documented routes; each schema is the same zod object the route validates with. */
const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Process is alive', auth: false },
  { method: 'get', path: '/readyz', summary: 'Database answers and a provider has credentials (503 with reasons otherwise)', auth: false },
  { method: 'get', path: '/openapi.json', summary: 'This OpenAPI document', auth: false },
  { method: 'get', path: '/docs', summary: 'This document as a readable HTML page', auth: false, text: 'text/html' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (admin)', auth: true, text: 'text/plain' },
  { method: 'get', path: '/v1/models', summary: 'Models the server routes to (OpenAI-compatible; also /openai/v1/models)', auth: true, json: ModelList },
  { method: 'post', path: '/v1/chat/completions', summary: 'OpenAI-compatible chat completions, streamed or not (also /openai/v1/chat/completions)', auth: true, body: ChatCompletionRequest },
  { method: 'get', path: '/api/v1/me', summary: 'The caller behind the token', auth: true, json: MeResponse },
  { method: 'post', path: '/api/v1/chat', summary: 'One chat turn; the answer streams as SSE events ending in [DONE], or an error event', auth: true, body: ChatRequest, sse: ChatEvent },
  { method: 'get', path: '/api/v1/conversations', summary: 'The caller\'s conversations, newest activity first, cursor-paginated (stable while others are written)', auth: true, query: ListConversationsQuery, json: ConversationList },
  { method: 'get', path: '/api/v1/conversations/search', summary: 'Full-text search over the caller\'s titles and messages, best first, with a highlighted snippet', auth: true, query: SearchConversationsQuery, json: ConversationSearchResult },
  { method: 'post', path: '/api/v1/conversations/import', summary: 'Import a JSON export as a new conversation (new ids, all else kept)', auth: true, body: ConversationExport, json: ConversationSummary, status: 201 },
  { method: 'get', path: '/api/v1/conversations/{id}', summary: 'One conversation with all its messages and the caller\'s feedback', auth: true, json: ConversationDetail },
  { method: 'patch', path: '/api/v1/conversations/{id}', summary: 'Rename a conversation', auth: true, body: RenameConversationRequest, json: ConversationSummary },
  { method: 'delete', path: '/api/v1/conversations/{id}', summary: 'Delete a conversation with its messages, feedback and search entries', auth: true, status: 204 },
  { method: 'get', path: '/api/v1/conversations/{id}/export', summary: 'Download a conversation as JSON (re-importable) or Markdown (Content-Disposition: attachment)', auth: true, query: ExportQuery, json: ConversationExport, text: 'text/markdown' },
  { method: 'post', path: '/api/v1/messages/{id}/feedback', summary: 'Rate an assistant message up or down (one rating per user; sending again replaces it)', auth: true, body: FeedbackRequest, json: FeedbackRecord },
  { method: 'delete', path: '/api/v1/messages/{id}/feedback', summary: 'Remove the caller\'s rating of a message', auth: true, status: 204 },
  { method: 'get', path: '/api/v1/completions/inline/config', summary: 'How to prompt the model inline completions are routed to (cache it per server)', auth: true, json: InlineConfig },
  { method: 'post', path: '/api/v1/completions/inline', summary: 'One inline completion, on its own rate budget apart from chat', auth: true, body: InlineCompletionRequest, json: InlineCompletionResponse },
  { method: 'post', path: '/api/v1/completions/events', summary: 'Shown / accepted / dismissed suggestions, batched', auth: true, body: InlineEventBatch, json: InlineEventsAccepted, status: 202 },
  { method: 'get', path: '/api/v1/completions/stats', summary: 'The caller\'s inline suggestion acceptance', auth: true, json: InlineAcceptanceStats },
  { method: 'get', path: '/api/v1/models', summary: 'The chat model picker: each model the server routes to, its provider, context window and whether it is the default', auth: true, json: ChatModelList },
  { method: 'get', path: '/api/v1/templates', summary: 'The team\'s prompt templates, latest version of each, by name', auth: true, json: TeamTemplateList },
  { method: 'get', path: '/api/v1/templates/{name}', summary: 'A team template: its latest version and the list of all versions, newest first', auth: true, json: TeamTemplateDetail },
  { method: 'put', path: '/api/v1/templates/{name}', summary: 'Create a team template (201) or save a new version of it (200); members and up. baseVersion: 409 when another version was saved since', auth: true, body: SaveTemplateRequest, json: TeamTemplate, alsoStatus: 201 },
  { method: 'delete', path: '/api/v1/templates/{name}', summary: 'Delete a team template and all its versions (admins and owners); a re-created one continues its version numbers', auth: true, status: 204 },
  { method: 'get', path: '/api/v1/templates/{name}/versions/{version}', summary: 'One version of a team template', auth: true, json: TeamTemplate },
  { method: 'post', path: '/api/v1/review', summary: 'Model review of files or chunks (kind review, security, optimize, docs): findings placed on the lines sent, one retry when the model\'s JSON is invalid (502 upstream_error after two); review task limits', auth: true, body: ReviewRequest, json: ReviewResponse },
  { method: 'post', path: '/api/v1/commit-message', summary: 'A commit message (imperative subject of at most 72 characters, body) for a diff, which is cut to fit the model\'s window; review task limits', auth: true, body: CommitMessageRequest, json: CommitMessageResponse },
  { method: 'get', path: '/api/v1/tokens', summary: 'The caller\'s active API tokens and sessions (values never shown); scope=team: the whole team\'s (admins and owners)', auth: true, query: TokenListQuery, json: TokenList },
  { method: 'post', path: '/api/v1/tokens', summary: 'Create an API token; its value is in this answer only. Scopes may not exceed the calling token\'s; expiry optional (at most 365 days)', auth: true, body: CreateTokenRequest, json: CreatedToken, status: 201 },
  { method: 'delete', path: '/api/v1/tokens/{id}', summary: 'Revoke one of the caller\'s tokens (admins and owners: any of the team\'s); it stops working at once', auth: true, status: 204 },
  { method: 'get', path: '/api/v1/teams/current', summary: 'The token\'s team and the caller\'s role in it', auth: true, json: TeamInfo },
  { method: 'get', path: '/api/v1/teams/current/members', summary: 'The team\'s members and their roles', auth: true, json: MemberList },
  { method: 'patch', path: '/api/v1/teams/current/members/{userId}', summary: 'Change a member\'s role: owners any role (the last owner stays one, 409); admins only between member and viewer', auth: true, body: UpdateMemberRequest, json: Member },
  { method: 'delete', path: '/api/v1/teams/current/members/{userId}', summary: 'Remove a member from the team and revoke their tokens for it (admins: members and viewers only; never the last owner)', auth: true, status: 204 },
  { method: 'get', path: '/api/v1/audit', summary: 'The team\'s activity log, newest first, filtered, cursor-paginated (admins and owners); no route edits it', auth: true, query: AuditQuery, json: AuditPage },
  { method: 'get', path: '/api/v1/audit/export', summary: 'The team\'s activity log as a JSON Lines or CSV download (admins and owners)', auth: true, query: AuditExportQuery, text: 'application/x-ndjson' },
  { method: 'get', path: '/api/v1/usage', summary: 'Requests, tokens, cost, errors and latency by user, team, model or day (members and viewers: their own; admins and owners: their team)', auth: true, query: UsageQuery, json: UsageSummary },
  // Local accounts: sign-in, sessions, reset, setup, invitations, profile, outbox (engineer B).
  { method: 'post', path: '/api/v1/auth/login', summary: 'Sign in with email and password: a 30-day session token. 401 invalid_credentials alike for unknown email and wrong password; 429 account_locked (5 failures: 1 min, doubling to 1 h) or rate_limited (30 failures per IP in 15 min), with Retry-After', auth: false, body: LoginRequest, json: SessionResponse },
  { method: 'post', path: '/api/v1/auth/logout', summary: 'Sign out: revokes the calling token if it is a session; an API token is left working (revoked: false)', auth: true, json: LogoutResponse },
  { method: 'post', path: '/api/v1/auth/logout-all', summary: 'Sign out everywhere: revokes every session of the caller in every team; API tokens stay', auth: true, json: LogoutAllResponse },
  { method: 'post', path: '/api/v1/auth/password-reset/request', summary: 'Mail a single-use reset link (30 minutes) if the address has an account; always 202, whether it has or not', auth: false, body: PasswordResetRequest, status: 202 },
  { method: 'post', path: '/api/v1/auth/password-reset/confirm', summary: 'Set a new password with the link\'s token (400 when invalid, used or expired); ends all of the user\'s sessions', auth: false, body: PasswordResetConfirm },
  { method: 'get', path: '/api/v1/setup', summary: 'Whether the first owner still has to be created', auth: false, json: SetupStatus },
  { method: 'post', path: '/api/v1/setup', summary: 'Create the first team and its owner and sign them in; 409 once any account has a password', auth: false, body: SetupRequest, json: SessionResponse, status: 201 },
  { method: 'post', path: '/api/v1/teams/current/invitations', summary: 'Invite an address with a role (admins: member or viewer; owners: any); mailed (or put in the outbox), link valid 7 days; replaces a pending one', auth: true, body: CreateInvitationRequest, json: CreatedInvitation, status: 201 },
  { method: 'get', path: '/api/v1/teams/current/invitations', summary: 'The team\'s invitations, newest first, with their status', auth: true, json: InvitationList },
  { method: 'delete', path: '/api/v1/teams/current/invitations/{id}', summary: 'Revoke an invitation that was not accepted (409 if it was)', auth: true, status: 204 },
  { method: 'post', path: '/api/v1/invitations/accept', summary: 'Accept an invitation: a new address gives name and password; an existing account signs in first or gives its password. A session in the team; 410 invitation_expired when expired or revoked, 409 when already accepted', auth: false, body: AcceptInvitationRequest, json: SessionResponse },
  { method: 'get', path: '/api/v1/me/profile', summary: 'The caller\'s profile', auth: true, json: Profile },
  { method: 'patch', path: '/api/v1/me/profile', summary: 'Change the caller\'s display name', auth: true, body: UpdateProfileRequest, json: Profile },
  { method: 'get', path: '/api/v1/me/preferences', summary: 'The caller\'s preferences (default models, enabled features); defaults until saved', auth: true, json: Preferences },
  { method: 'put', path: '/api/v1/me/preferences', summary: 'Replace the caller\'s preferences (omitted fields take their defaults)', auth: true, body: Preferences, json: Preferences },
  { method: 'get', path: '/api/v1/admin/outbox', summary: 'Mail kept instead of sent when SMTP_URL is not set (resets, invitations) about the caller\'s team, newest first (admins and owners)', auth: true, query: OutboxQuery, json: OutboxList },
  // Firebase sign-in, the editor hand-off and the onboarding pages (engineer C).
  { method: 'post', path: '/api/v1/auth/firebase', summary: 'Sign in with a Firebase ID token (Google, GitHub…): links by verified email, or joins through a pending invitation; a session like /auth/login (403 without account or invitation)', auth: false, body: FirebaseSignInRequest, json: SessionResponse },
  { method: 'post', path: '/api/v1/auth/editor-token', summary: 'From a signed-in browser session: a new session for the editor that opened /signin, and the callback URL (loopback or editor scheme only) that delivers it', auth: true, body: EditorTokenRequest, json: EditorTokenResponse },
  { method: 'get', path: '/setup', summary: 'Web page: create the first owner and team', auth: false, text: 'text/html' },
  { method: 'get', path: '/signin', summary: 'Web page: sign in (email and password, Google/GitHub when configured); with ?callback=&state= hands the editor a token', auth: false, text: 'text/html' },
  { method: 'get', path: '/account', summary: 'Web page: tokens, members and invitations', auth: false, text: 'text/html' },
  { method: 'get', path: '/invite', summary: 'Web page: accept an invitation (?token=)', auth: false, text: 'text/html' },
  { method: 'get', path: '/web/{file}', summary: 'The web pages\' scripts (setup.js, signin.js, account.js, invite.js)', auth: false, text: 'text/javascript' },
];

const schema = (t: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorResponse = { description: 'Error', content: { 'application/json': { schema: schema(ErrorBody) } } };

function operation(op: Operation) {
  const ok = op.sse
    ? { description: 'Server-Sent Events: `data: <event JSON>` lines', content: { 'text/event-stream': { schema: schema(op.sse) } } }
    : op.text ? { description: 'OK', content: { [op.text]: { schema: { type: 'string' } }, ...(op.json ? { 'application/json': { schema: schema(op.json) } } : {}) } }
      : { description: 'OK', ...(op.json ? { content: { 'application/json': { schema: schema(op.json) } } } : {}) };
  const params = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true,
      schema: name === 'version' ? { type: 'integer', minimum: 1 } : { type: 'string' } })),
    ...Object.entries(op.query?.shape ?? {}).map(([name, t]) => ({ name, in: 'query', required: false, schema: schema(t as z.ZodType) })),
  ];
  return {
    summary: op.summary,
    ...(op.auth ? {} : { security: [] }),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
    responses: { [op.status ?? 200]: ok, ...(op.alsoStatus ? { [op.alsoStatus]: ok } : {}), default: errorResponse },
  };
}

/** OpenAPI 3.1 document generated from the zod schemas in protocol/. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: { title: 'Churnistic server API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Churnistic API token' } } },
    security: [{ bearer: [] }],
    paths,
    // What the server sends out: the spend alert POSTed to CHURNISTIC_CONFIG alerts.webhookUrl.
    webhooks: {
      spendThresholdCrossed: {
        post: {
          summary: 'A user or team passed a monthly spend threshold (alerts.spendThresholdsUsd); sent once per threshold per month',
          requestBody: { required: true, content: { 'application/json': { schema: schema(SpendAlertPayload) } } },
          responses: { '2XX': { description: 'Received (anything else is retried once, then logged)' } },
        },
      },
    },
  };
}
