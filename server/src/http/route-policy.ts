import type { RequestHandler } from 'express';
import { ErrorCode } from '../../../protocol';
import { AppError } from '../domain/errors';
import { denial, type Action } from '../domain/policy';
import { unauthenticated } from './auth';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRule {
  method: Method;
  /** The path as Express matches it: mount path + route path, with `:params`. */
  path: string;
  action: Action;
}

const api = (method: Method, path: string, action: Action): RouteRule => ({ method, path: `/api/v1${path}`, action });
const root = (method: Method, path: string, action: Action): RouteRule => ({ method, path, action });

/**
 * THE route table: every route the server serves, and the one Action it needs (policy.ts decides
 * who may). Each route also carries `authorize(<the same action>)`; test/server/route-policy.test.ts
 * fails when a served route is missing here, when its middleware names another action, or when a
 * listed route is not served, and the authorization matrix test is generated from this table.
 */
export const ROUTES: RouteRule[] = [
  // Probes and documents hold no data.
  root('GET', '/healthz', 'public'),
  root('GET', '/readyz', 'public'),
  root('GET', '/openapi.json', 'public'),
  root('GET', '/docs', 'public'),
  root('GET', '/metrics', 'metrics.read'),
  // OpenAI-compatible gateway, also under /openai/v1 for groq-sdk.
  root('GET', '/v1/models', 'models.read'),
  root('POST', '/v1/chat/completions', 'chat.use'),
  root('GET', '/openai/v1/models', 'models.read'),
  root('POST', '/openai/v1/chat/completions', 'chat.use'),
  // The product API.
  api('GET', '/me', 'profile.own'),
  api('POST', '/chat', 'chat.use'),
  api('GET', '/conversations', 'history.read'),
  api('GET', '/conversations/search', 'history.read'),
  api('POST', '/conversations/import', 'history.write'),
  api('GET', '/conversations/:id', 'history.read'),
  api('PATCH', '/conversations/:id', 'history.write'),
  api('DELETE', '/conversations/:id', 'history.write'),
  api('GET', '/conversations/:id/export', 'history.read'),
  api('POST', '/messages/:id/feedback', 'history.write'),
  api('DELETE', '/messages/:id/feedback', 'history.write'),
  api('GET', '/completions/inline/config', 'inline.use'),
  api('POST', '/completions/inline', 'inline.use'),
  api('POST', '/completions/events', 'inline.use'),
  api('GET', '/completions/stats', 'usage.read_own'),
  api('GET', '/usage', 'usage.read_own'),
  api('GET', '/models', 'models.read'),
  api('GET', '/templates', 'templates.read'),
  api('GET', '/templates/:name', 'templates.read'),
  api('GET', '/templates/:name/versions/:version', 'templates.read'),
  api('PUT', '/templates/:name', 'templates.write'),
  api('DELETE', '/templates/:name', 'templates.delete'),
  api('POST', '/review', 'review.use'),
  api('POST', '/commit-message', 'review.use'),
  // Tokens, team, members, activity log (engineer A).
  api('GET', '/tokens', 'tokens.manage_own'),
  api('POST', '/tokens', 'tokens.manage_own'),
  api('DELETE', '/tokens/:id', 'tokens.manage_own'),
  api('GET', '/teams/current', 'members.read'),
  api('GET', '/teams/current/members', 'members.read'),
  api('PATCH', '/teams/current/members/:userId', 'members.manage'),
  api('DELETE', '/teams/current/members/:userId', 'members.manage'),
  api('GET', '/audit', 'audit.read'),
  api('GET', '/audit/export', 'audit.read'),
  // Local sign-in, setup, password reset, invitations, profile, mail outbox (engineer B).
  api('POST', '/auth/login', 'public'),
  api('POST', '/auth/logout', 'profile.own'),
  api('POST', '/auth/logout-all', 'profile.own'),
  api('POST', '/auth/password-reset/request', 'public'),
  api('POST', '/auth/password-reset/confirm', 'public'),
  api('GET', '/setup', 'public'),
  api('POST', '/setup', 'public'),
  api('POST', '/teams/current/invitations', 'invitations.manage'),
  api('GET', '/teams/current/invitations', 'invitations.manage'),
  api('DELETE', '/teams/current/invitations/:id', 'invitations.manage'),
  api('POST', '/invitations/accept', 'public'),
  api('GET', '/me/profile', 'profile.own'),
  api('PATCH', '/me/profile', 'profile.own'),
  api('GET', '/me/preferences', 'profile.own'),
  api('PUT', '/me/preferences', 'profile.own'),
  api('GET', '/admin/outbox', 'team.settings'),
  // Firebase sign-in and the onboarding pages (engineer C). The pages hold no data: their
  // scripts call the API above with the session token.
  api('POST', '/auth/firebase', 'public'),
  // mints a session for the editor that opened /signin: the page's own session (all scopes) only
  api('POST', '/auth/editor-token', 'tokens.manage_own'),
  root('GET', '/setup', 'public'),
  root('GET', '/signin', 'public'),
  root('GET', '/account', 'public'),
  root('GET', '/invite', 'public'),
  root('GET', '/web/:file', 'public'),
];

/**
 * Marks the middleware, so the route-table test can read which action a served route declares.
 * Its params type is `any` on purpose: a plain RequestHandler would make Express's typings infer
 * req.params of the handlers after it as ParamsDictionary instead of from the path.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AuthorizeMiddleware = RequestHandler<any> & { action: Action };

/**
 * The guard on every route: `public` lets anyone through; anything else needs a principal (401
 * without a valid token) that policy.can allows (403 otherwise). The principal comes from
 * `authenticate` (auth.ts), mounted once for the whole app.
 */
export function authorize(action: Action): AuthorizeMiddleware {
  const middleware: RequestHandler = (_req, res, next) => {
    if (action === 'public') return next();
    const principal = res.locals.principal;
    if (!principal) throw unauthenticated(res);
    const why = denial(principal, action);
    if (why) throw new AppError(403, ErrorCode.forbidden, why);
    next();
  };
  return Object.assign(middleware, { action });
}
