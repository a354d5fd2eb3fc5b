import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../../protocol';
import type { LoginRepo } from '../data/login-repo';
import type { PasswordResetsRepo } from '../data/password-resets-repo';
import type { AuditLog } from './audit';
import { AppError } from './errors';
import type { Mailer } from './mailer';
import { hashPassword } from './passwords';
import type { RequestOrigin } from './sign-in';
import { hashToken } from './tokens';

export const RESET_TTL_MS = 30 * 60_000;
/** More unused links than this for one account and requests stop sending mail (no mail-bombing a victim). */
const MAX_OUTSTANDING = 3;

export interface PasswordResetDeps {
  repo: LoginRepo;
  resets: PasswordResetsRepo;
  mailer: Mailer;
  audit: AuditLog;
  /** Evicts the user's cached principals, so revoked sessions stop at once (http/auth.ts PrincipalCache). */
  forgetUser(userId: string): void;
}

/**
 * Password reset by mail. A request never says whether the address has an account: the route
 * answers 202 before this runs (so even the time to answer is the same), and the work, lookup,
 * token, mail, happens afterwards.
 */
export class PasswordReset {
  constructor(private readonly deps: PasswordResetDeps) {}

  async request(email: string, origin: RequestOrigin, baseUrl: string): Promise<void> {
    const { repo, resets, mailer, audit } = this.deps;
    const user = await repo.userByEmail(email);
    // Firebase-only accounts (no password) may set one this way: they prove the mailbox like anyone.
    const outstanding = user ? await resets.outstanding(user.id) : 0;
    const send = Boolean(user) && outstanding < MAX_OUTSTANDING;
    await audit.record({ ...origin, action: 'auth.password_reset_requested', actor: user ? { userId: user.id } : undefined,
      teamId: user?.teamId, target: { type: 'email', id: email },
      details: { email, knownAccount: Boolean(user), mailed: send } });
    if (!user || !send) return;
    const token = `chrr_${randomBytes(32).toString('base64url')}`;
    await resets.create(user.id, hashToken(token), new Date(Date.now() + RESET_TTL_MS).toISOString());
    const link = `${baseUrl}/signin?reset=${encodeURIComponent(token)}`;
    await mailer.send({
      to: email, teamId: user.teamId, subject: 'Reset your Churnistic password',
      text: [
        `Someone (hopefully you) asked to reset the password of the Churnistic account ${email}.`, '',
        'Open this link within 30 minutes to choose a new password (it works once):', link, '',
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ].join('\n'),
    });
  }

  /**
   * Sets the new password if the token is valid, unused and unexpired (then it is used up). All of the
   * user's sessions end, on every device: whoever knew the old password is signed out. API tokens stay:
   * they were created on purpose and are managed in the token list.
   */
  async confirm(token: string, password: string, origin: RequestOrigin): Promise<void> {
    const { repo, resets, audit } = this.deps;
    const hash = await hashPassword(password); // the slow part first, so the token is spent only on success
    const userId = await resets.consume(hashToken(token));
    if (!userId) {
      throw new AppError(400, ErrorCode.badRequest, 'this password reset link is invalid, already used or expired; request a new one');
    }
    await repo.setPassword(userId, hash);
    await resets.retireAll(userId);
    const ended = await repo.revokeSessionsOf(userId);
    this.deps.forgetUser(userId);
    const user = await repo.userById(userId);
    if (user?.email) await repo.clearLockout(user.email); // the owner proved the mailbox: let them in now
    await audit.record({ ...origin, action: 'auth.password_reset', actor: { userId }, teamId: user?.teamId,
      target: { type: 'user', id: userId }, details: { sessionsRevoked: ended } });
  }
}
