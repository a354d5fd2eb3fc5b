// One minimal request per route of the route table, for the authorization matrix. `same` is used
// within the caller's own team (ids that do not exist, so an allowed destructive request changes
// nothing and answers 404); `foreign`, where given, names a real resource of the *default* team,
// which a caller from another team must get a 404 for (never a 2xx, never a 403 that confirms it).

export interface SampleIds {
  /** A conversation of the default team's matrix owner, and an assistant message in it. */
  conversationId: string;
  messageId: string;
  /** A team template of the default team. */
  templateName: string;
  /** A live token of the default team (not one the matrix authenticates with). */
  tokenId: string;
  /** A member of the default team. */
  userId: string;
}

export interface Sample { path: string; body?: unknown }
export interface RouteSample {
  same: (ids: SampleIds) => Sample;
  foreign?: (ids: SampleIds) => Sample;
  /** The route serves sign-in sessions only (its handler refuses API tokens): probe it with session tokens. */
  session?: boolean;
}

const chatCompletion = { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] };
const inline = { prompt: { kind: 'chat', messages: [{ role: 'user', content: 'complete me' }] }, language: 'typescript', filePath: 'a.ts' };
const template = { description: 'matrix', variables: [], body: 'Explain {{selection}}.' };
const at = (path: string, body?: unknown): RouteSample => ({ same: () => ({ path, body }) });

export const SAMPLES: Record<string, RouteSample> = {
  'GET /healthz': at('/healthz'),
  'GET /readyz': at('/readyz'),
  'GET /openapi.json': at('/openapi.json'),
  'GET /docs': at('/docs'),
  'GET /metrics': at('/metrics'),
  'GET /v1/models': at('/v1/models'),
  'POST /v1/chat/completions': at('/v1/chat/completions', chatCompletion),
  'GET /openai/v1/models': at('/openai/v1/models'),
  'POST /openai/v1/chat/completions': at('/openai/v1/chat/completions', chatCompletion),
  'GET /api/v1/me': at('/api/v1/me'),
  'POST /api/v1/chat': at('/api/v1/chat', { message: 'hi' }),
  'GET /api/v1/conversations': at('/api/v1/conversations'),
  'GET /api/v1/conversations/search': at('/api/v1/conversations/search?q=hello'),
  'POST /api/v1/conversations/import': at('/api/v1/conversations/import', {
    format: 'churnistic.conversation', version: 1,
    conversation: { title: 'imported', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', messages: [] },
  }),
  'GET /api/v1/conversations/:id': {
    same: () => ({ path: '/api/v1/conversations/no-such-conversation' }),
    foreign: (ids) => ({ path: `/api/v1/conversations/${ids.conversationId}` }),
  },
  'PATCH /api/v1/conversations/:id': {
    same: () => ({ path: '/api/v1/conversations/no-such-conversation', body: { title: 'x' } }),
    foreign: (ids) => ({ path: `/api/v1/conversations/${ids.conversationId}`, body: { title: 'hijacked' } }),
  },
  'DELETE /api/v1/conversations/:id': {
    same: () => ({ path: '/api/v1/conversations/no-such-conversation' }),
    foreign: (ids) => ({ path: `/api/v1/conversations/${ids.conversationId}` }),
  },
  'GET /api/v1/conversations/:id/export': {
    same: () => ({ path: '/api/v1/conversations/no-such-conversation/export' }),
    foreign: (ids) => ({ path: `/api/v1/conversations/${ids.conversationId}/export` }),
  },
  'POST /api/v1/messages/:id/feedback': {
    same: () => ({ path: '/api/v1/messages/no-such-message/feedback', body: { rating: 'up' } }),
    foreign: (ids) => ({ path: `/api/v1/messages/${ids.messageId}/feedback`, body: { rating: 'down' } }),
  },
  'DELETE /api/v1/messages/:id/feedback': {
    same: () => ({ path: '/api/v1/messages/no-such-message/feedback' }),
    foreign: (ids) => ({ path: `/api/v1/messages/${ids.messageId}/feedback` }),
  },
  'GET /api/v1/completions/inline/config': at('/api/v1/completions/inline/config'),
  'POST /api/v1/completions/inline': at('/api/v1/completions/inline', inline),
  'POST /api/v1/completions/events': at('/api/v1/completions/events', {
    events: [{ completionId: 'c1', type: 'shown', language: 'typescript', at: '2026-01-01T00:00:00.000Z' }],
  }),
  'GET /api/v1/completions/stats': at('/api/v1/completions/stats'),
  'GET /api/v1/usage': at('/api/v1/usage'),
  'GET /api/v1/models': at('/api/v1/models'),
  'GET /api/v1/templates': at('/api/v1/templates'),
  'GET /api/v1/templates/:name': {
    same: (ids) => ({ path: `/api/v1/templates/${ids.templateName}` }),
    foreign: (ids) => ({ path: `/api/v1/templates/${ids.templateName}` }),
  },
  'GET /api/v1/templates/:name/versions/:version': {
    same: (ids) => ({ path: `/api/v1/templates/${ids.templateName}/versions/1` }),
    foreign: (ids) => ({ path: `/api/v1/templates/${ids.templateName}/versions/1` }),
  },
  // PUT creates in the caller's own team, so another team's PUT of the same name is not a foreign resource.
  'PUT /api/v1/templates/:name': at('/api/v1/templates/matrix-scratch', template),
  'DELETE /api/v1/templates/:name': {
    same: () => ({ path: '/api/v1/templates/no-such-template' }),
    foreign: (ids) => ({ path: `/api/v1/templates/${ids.templateName}` }),
  },
  'POST /api/v1/review': at('/api/v1/review', { kind: 'review', files: [{ path: 'a.ts', language: 'typescript', content: 'let a = 1;\n' }] }),
  'POST /api/v1/commit-message': at('/api/v1/commit-message', { diff: 'diff --git a/a b/a\n+x\n' }),
  'GET /api/v1/tokens': at('/api/v1/tokens'),
  'POST /api/v1/tokens': at('/api/v1/tokens', { name: 'matrix' }),
  'DELETE /api/v1/tokens/:id': {
    same: () => ({ path: '/api/v1/tokens/no-such-token' }),
    foreign: (ids) => ({ path: `/api/v1/tokens/${ids.tokenId}` }),
  },
  'GET /api/v1/teams/current': at('/api/v1/teams/current'),
  'GET /api/v1/teams/current/members': at('/api/v1/teams/current/members'),
  'PATCH /api/v1/teams/current/members/:userId': {
    same: () => ({ path: '/api/v1/teams/current/members/no-such-user', body: { role: 'viewer' } }),
    foreign: (ids) => ({ path: `/api/v1/teams/current/members/${ids.userId}`, body: { role: 'viewer' } }),
  },
  'DELETE /api/v1/teams/current/members/:userId': {
    same: () => ({ path: '/api/v1/teams/current/members/no-such-user' }),
    foreign: (ids) => ({ path: `/api/v1/teams/current/members/${ids.userId}` }),
  },
  'GET /api/v1/audit': at('/api/v1/audit'),
  'GET /api/v1/audit/export': at('/api/v1/audit/export?format=csv'),
  // Engineer B's routes: invalid or empty bodies are enough to tell authorization apart (400 ≠ 401/403).
  'POST /api/v1/auth/login': at('/api/v1/auth/login', {}),
  'POST /api/v1/auth/logout': at('/api/v1/auth/logout', {}),
  'POST /api/v1/auth/logout-all': at('/api/v1/auth/logout-all', {}),
  'POST /api/v1/auth/password-reset/request': at('/api/v1/auth/password-reset/request', {}),
  'POST /api/v1/auth/password-reset/confirm': at('/api/v1/auth/password-reset/confirm', {}),
  'GET /api/v1/setup': at('/api/v1/setup'),
  'POST /api/v1/setup': at('/api/v1/setup', {}),
  'POST /api/v1/teams/current/invitations': at('/api/v1/teams/current/invitations', {}),
  'GET /api/v1/teams/current/invitations': at('/api/v1/teams/current/invitations'),
  'DELETE /api/v1/teams/current/invitations/:id': at('/api/v1/teams/current/invitations/no-such-invitation'),
  'POST /api/v1/invitations/accept': at('/api/v1/invitations/accept', {}),
  'GET /api/v1/me/profile': at('/api/v1/me/profile'),
  'PATCH /api/v1/me/profile': at('/api/v1/me/profile', {}),
  'GET /api/v1/me/preferences': at('/api/v1/me/preferences'),
  'PUT /api/v1/me/preferences': at('/api/v1/me/preferences', {}),
  'GET /api/v1/admin/outbox': at('/api/v1/admin/outbox'),
  // Engineer C's.
  'POST /api/v1/auth/firebase': at('/api/v1/auth/firebase', {}),
  'GET /setup': at('/setup'),
  'GET /signin': at('/signin'),
  'GET /account': at('/account'),
  'GET /invite': at('/invite'),
  'GET /web/:file': at('/web/signin.js'),
  'POST /api/v1/auth/editor-token': {
    same: () => ({ path: '/api/v1/auth/editor-token', body: { callback: 'http://127.0.0.1:45678/callback', state: 'matrix-state-1234' } }),
    session: true,
  },
};
