import { ErrorCode, type SessionResponse } from '../../../protocol';
import type { AccountsRepo } from '../data/accounts-repo';
import type { LocalUser, LoginRepo, TeamMembership } from '../data/login-repo';
import type { AuditLog } from './audit';
import { AppError } from './errors';
import type { LoginThrottle } from './login-throttle';
import { dummyHash, verifyAgainstDummy, verifyPassword } from './passwords';

/** Where a request came from: the throttle keys on ip, the activity log keeps both. */
export interface RequestOrigin { ip: string; userAgent?: string }

export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

/** One message for unknown email and wrong password alike: the answer must not tell which it was. */
export const invalidCredentials = () => new AppError(401, ErrorCode.invalidCredentials, 'email or password is incorrect');

/** "Sign-in (Mozilla/5.0 …)": enough to tell sessions apart in the token list. */
const sessionName = (userAgent?: string) => `Sign-in${userAgent ? ` (${userAgent.slice(0, 80)})` : ''}`;

/**
 * Password sign-in and sessions. Every password check goes through the throttle (login-throttle.ts),
 * including the ones accepting an invitation makes, so no endpoint is a side door for guessing.
 */
export class SignIn {
  constructor(private readonly deps: { repo: LoginRepo; accounts: AccountsRepo; throttle: LoginThrottle; audit: AuditLog }) {
    void dummyHash();
  }

  /**
   * The account behind email + password, or an AppError: 401 invalid_credentials (the same for an
   * unknown email, an account without a password and a wrong password, each after one scrypt run),
   * 429 account_locked / rate_limited with Retry-After. Failures and locks go to the activity log.
   */
  async verifyCredentials(email: string, password: string, origin: RequestOrigin): Promise<LocalUser> {
    const { repo, throttle, audit } = this.deps;
    let user: LocalUser | null = null;
    const outcome = await throttle.attempt(email, origin.ip, async () => {
      user = await repo.userByEmail(email);
      if (!user?.passwordHash) return verifyAgainstDummy(password);
      return verifyPassword(password, user.passwordHash);
    }, {
      onLocked: async (refusal) => {
        await audit.record({ ...origin, action: 'auth.locked', actor: user ? { userId: user.id } : undefined, teamId: user?.teamId,
          target: refusal.scope === 'ip' ? { type: 'ip', id: origin.ip } : { type: 'email', id: email },
          details: { scope: refusal.scope, email, retryAfterSeconds: refusal.retryAfterSeconds } });
      },
    });
    if (typeof outcome === 'object') {
      const { scope, retryAfterSeconds } = outcome;
      throw scope === 'account'
        ? new AppError(429, ErrorCode.accountLocked,
          `too many failed sign-ins for this email; try again in ${retryAfterSeconds} s or reset the password`, { retryAfterSeconds })
        : new AppError(429, ErrorCode.rateLimited,
          `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const found = user as LocalUser | null;
    if (!outcome || !found) {
      await audit.record({ ...origin, action: 'auth.login_failed', actor: found ? { userId: found.id } : undefined,
        teamId: found?.teamId, target: { type: 'email', id: email }, details: { email, knownAccount: Boolean(found?.passwordHash) } });
      throw invalidCredentials();
    }
    return found;
  }

  /** `POST /auth/login`: a 30-day session in the user's default team. */
  async login(email: string, password: string, origin: RequestOrigin): Promise<SessionResponse> {
    const user = await this.verifyCredentials(email, password, origin);
    const team = await this.deps.repo.signInTeam(user);
    if (!team) throw new AppError(403, ErrorCode.forbidden, 'this account is not a member of any team; ask an admin to invite you');
    const session = await this.startSession(user, team, origin);
    await this.deps.audit.record({ ...origin, action: 'auth.login', actor: { userId: user.id }, teamId: team.teamId,
      target: { type: 'user', id: user.id }, details: { method: 'password' } });
    return session;
  }

  /** Issues a session token; its value exists in clear only in this answer. */
  async startSession(user: Pick<LocalUser, 'id' | 'email' | 'name'>, team: TeamMembership, origin: RequestOrigin): Promise<SessionResponse> {
    const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS).toISOString();
    const { token } = await this.deps.accounts.issueToken({ userId: user.id, teamId: team.teamId }, sessionName(origin.userAgent),
      { kind: 'session', scopes: null, expiresAt });
    return {
      token, expiresAt,
      user: { id: user.id, email: user.email, name: user.name },
      team: { id: team.teamId, name: team.teamName, role: team.role },
    };
  }
}
