import { Router, type Request, type Response } from 'express';
import {
  LoginRequest, PasswordResetConfirm, PasswordResetRequest, SetupRequest,
  type LogoutAllResponse, type LogoutResponse, type SetupStatus,
} from '../../../../protocol';
import type { LoginRepo } from '../../data/login-repo';
import type { AuditLog } from '../../domain/audit';
import type { PasswordReset } from '../../domain/password-reset';
import type { Setup } from '../../domain/setup';
import type { RequestOrigin, SignIn } from '../../domain/sign-in';
import { principalOf, type PrincipalCache } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

export interface SignInRouteDeps {
  signIn: SignIn;
  setup: Setup;
  reset: PasswordReset;
  repo: LoginRepo;
  audit: AuditLog;
  principals: PrincipalCache;
  /** The server's public base URL for links in mail (see baseUrlOf in local-accounts.ts). */
  baseUrl(req: Request): string;
}

export function originOf(req: Request): RequestOrigin {
  return { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.get('user-agent') ?? undefined };
}

/** A fresh session token is in this body: keep it out of every cache. */
const sendSession = (res: Response, status: number, body: unknown) => {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json(body);
};

/** Sign-in, sign-out, password reset and first-run setup under /api/v1. */
export function signInRouter(deps: SignInRouteDeps): Router {
  const { signIn, setup, reset, repo, audit, principals } = deps;
  const router = Router();

  router.post('/auth/login', authorize('public'), async (req, res) => {
    const { email, password } = parseOr400(LoginRequest, req.body);
    sendSession(res, 200, await signIn.login(email, password, originOf(req)));
  });

  // Ends the calling token only if it is a session: the extension's "Sign Out" calls this, and a
  // pasted API token (CI, scripts, other machines) must survive it.
  router.post('/auth/logout', authorize('profile.own'), async (req, res) => {
    const p = principalOf(res);
    const revoked = p.tokenKind === 'session' && await repo.revokeSession(p.tokenId);
    if (revoked) principals.forgetToken(p.tokenId);
    await audit.record({ ...originOf(req), action: 'auth.logout', actor: p, target: { type: 'token', id: p.tokenId },
      details: { tokenKind: p.tokenKind, revoked } });
    const body: LogoutResponse = { revoked };
    res.json(body);
  });

  router.post('/auth/logout-all', authorize('profile.own'), async (req, res) => {
    const p = principalOf(res);
    const revoked = await repo.revokeSessionsOf(p.userId);
    principals.forgetUser(p.userId);
    await audit.record({ ...originOf(req), action: 'auth.logout_all', actor: p, target: { type: 'user', id: p.userId },
      details: { sessionsRevoked: revoked } });
    const body: LogoutAllResponse = { revoked };
    res.json(body);
  });

  // 202 before any lookup, for every address: neither the answer nor its timing says whether an
  // account exists. The work (and any mail failure, which is logged) happens after the response.
  router.post('/auth/password-reset/request', authorize('public'), (req, res) => {
    const { email } = parseOr400(PasswordResetRequest, req.body);
    const origin = originOf(req);
    const baseUrl = deps.baseUrl(req);
    res.status(202).json({});
    reset.request(email, origin, baseUrl).catch((err: unknown) => req.log?.error({ err }, 'password reset mail failed'));
  });

  router.post('/auth/password-reset/confirm', authorize('public'), async (req, res) => {
    const { token, password } = parseOr400(PasswordResetConfirm, req.body);
    await reset.confirm(token, password, originOf(req));
    res.json({});
  });

  router.get('/setup', authorize('public'), async (_req, res) => {
    const body: SetupStatus = { needsSetup: await setup.needsSetup() };
    res.json(body);
  });

  router.post('/setup', authorize('public'), async (req, res) => {
    const request = parseOr400(SetupRequest, req.body);
    sendSession(res, 201, await setup.complete(request, originOf(req)));
  });

  return router;
}
