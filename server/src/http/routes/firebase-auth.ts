import { Router, type Request } from 'express';
import { EditorTokenRequest, ErrorCode, FirebaseSignInRequest, type EditorTokenResponse, type SessionResponse } from '../../../../protocol';
import type { FirebaseSettings } from '../../config-firebase';
import type { AccountsRepo } from '../../data/accounts-repo';
import { IdentitiesRepo } from '../../data/identities-repo';
import type { Db } from '../../data/db';
import type { AuditLog } from '../../domain/audit';
import { checkEditorCallback, editorRedirect } from '../../domain/editor-callback';
import { AppError } from '../../domain/errors';
import { issueSession, resolveFirebaseUser, SignInRefused } from '../../domain/firebase-sign-in';
import { FirebaseVerifier } from '../../domain/firebase-verifier';
import { auditContext } from '../audit-context';
import { principalOf } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

export interface FirebaseAuthDeps { db: Db; accounts: AccountsRepo; audit: AuditLog; firebase: FirebaseSettings }

/**
 * `POST /auth/firebase`: a Firebase ID token in, a Churnistic session out (same answer as
 * `POST /auth/login`). `POST /auth/editor-token`: the signed-in sign-in page asks for a second
 * session for the editor that opened it and gets the URL to send the browser to.
 */
export function firebaseAuthRouter({ db, accounts, audit, firebase }: FirebaseAuthDeps): Router {
  const router = Router();
  const repo = new IdentitiesRepo(db);
  const verifier = firebase.projectId
    ? new FirebaseVerifier({ projectId: firebase.projectId, emulatorHost: firebase.emulatorHost })
    : undefined;

  router.post('/auth/firebase', authorize('public'), async (req, res) => {
    const { idToken } = parseOr400(FirebaseSignInRequest, req.body);
    if (!verifier) {
      throw new AppError(404, ErrorCode.notFound, 'Firebase sign-in is not enabled on this server (set FIREBASE_PROJECT_ID)');
    }
    const identity = await verifier.verify(idToken).catch(async (e: unknown) => {
      await recordFailure(req, e instanceof AppError ? e.message : 'verification failed', null);
      throw e;
    });
    let result;
    try {
      result = await resolveFirebaseUser(repo, identity, { openSignupTeam: firebase.openSignupTeam });
    } catch (e) {
      if (e instanceof SignInRefused) await recordFailure(req, e.reason, identity.email, identity.provider);
      throw e;
    }
    const { user, team, link } = result;
    const session = await issueSession(accounts, { userId: user.id, teamId: team.id }, `Firebase sign-in (${identity.provider})`);
    const context = auditContext(req);
    if (link === 'invitation') {
      await audit.record({ ...context, action: 'invitation.accepted', actor: { userId: user.id }, teamId: team.id,
        target: { type: 'invitation', id: result.invitationId! }, details: { via: 'firebase', role: team.role } });
    }
    await audit.record({ ...context, action: 'auth.firebase_login', actor: { userId: user.id }, teamId: team.id,
      target: { type: 'user', id: user.id }, details: { provider: identity.provider, firebaseUid: identity.uid, link, tokenId: session.id } });
    const body: SessionResponse = { token: session.token, expiresAt: session.expiresAt, user, team };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  // tokens.manage_own: it mints a token; only the page's own session (all scopes) may, never a narrow API token
  router.post('/auth/editor-token', authorize('tokens.manage_own'), async (req, res) => {
    const request = parseOr400(EditorTokenRequest, req.body);
    const p = principalOf(res);
    if (p.tokenKind !== 'session') {
      throw new AppError(403, ErrorCode.forbidden, 'an editor token is handed out only to a signed-in browser session');
    }
    const checked = checkEditorCallback(request.callback);
    if (!checked.ok) throw new AppError(400, ErrorCode.badRequest, checked.reason);
    const client = request.client?.trim() || 'editor';
    const session = await issueSession(accounts, { userId: p.userId, teamId: p.teamId }, `Editor sign-in (${client})`);
    await audit.record({ ...auditContext(req), action: 'token.created', actor: p, target: { type: 'token', id: session.id },
      details: { kind: 'session', via: 'editor sign-in', client, callback: checked.url.origin === 'null' ? checked.url.protocol : checked.url.origin } });
    const body: EditorTokenResponse = { redirectUrl: editorRedirect(checked.url, request.state, session.token), expiresAt: session.expiresAt };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  async function recordFailure(req: Request, reason: string, email: string | null, provider?: string): Promise<void> {
    await audit.record({ ...auditContext(req), action: 'auth.login_failed',
      details: { method: 'firebase', reason, ...(email ? { email } : {}), ...(provider ? { provider } : {}) } });
  }

  return router;
}
