import { ErrorCode } from '../../../protocol';
import type { AccountsRepo } from '../data/accounts-repo';
import type { IdentitiesRepo, LocalUser, Team } from '../data/identities-repo';
import { AppError } from './errors';
import type { FirebaseIdentity } from './firebase-verifier';

/** Providers whose accounts come with an email the provider itself checked, even when Firebase says email_verified=false (GitHub). */
const VOUCHING_PROVIDERS = new Set(['google.com', 'github.com']);
export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

/** How the Firebase account became (or found) the local user: recorded in the activity log. */
export type LinkKind = 'identity' | 'email' | 'invitation' | 'open_signup';

export interface SignInResult {
  user: LocalUser;
  team: Team;
  link: LinkKind;
  invitationId?: string;
}

/** A refused sign-in: the status and message for the caller, the reason for the activity log. */
export class SignInRefused extends AppError {
  constructor(readonly reason: string, message: string, status = 403) {
    super(status, status === 401 ? ErrorCode.unauthorized : ErrorCode.forbidden, message);
  }
}

/**
 * Who a verified Firebase identity is here, in this order:
 *  1. an identity linked before (provider + uid);
 *  2. a local user with the same email, if the email is trustworthy (verified, or from Google/GitHub);
 *  3. a new user in the team of a pending invitation for that email, with the invited role;
 *  4. a new member of CHURNISTIC_OPEN_SIGNUP_TEAM, when the operator opened sign-up;
 * otherwise refused: a Firebase account alone never creates access to a team.
 */
export async function resolveFirebaseUser(repo: IdentitiesRepo, id: FirebaseIdentity,
  options: { openSignupTeam?: string }): Promise<SignInResult> {
  const known = await repo.userBySubject(id.provider, id.uid);
  if (known) return { user: known, team: await teamOf(repo, known), link: 'identity' };

  if (!id.email) {
    throw new SignInRefused('no_email', 'this Firebase account has no email address, so it cannot be matched to a Churnistic account');
  }
  if (!id.emailVerified && !VOUCHING_PROVIDERS.has(id.provider)) {
    throw new SignInRefused('email_unverified',
      `the email ${id.email} is not verified with Firebase; verify it (or sign in with Google or GitHub) and try again`);
  }
  const byEmail = await repo.userByEmail(id.email);
  if (byEmail) {
    await repo.link(id.provider, id.uid, byEmail.id, id.email);
    return { user: byEmail, team: await teamOf(repo, byEmail), link: 'email' };
  }

  const name = id.name ?? id.email.split('@')[0]!;
  const invitation = await repo.pendingInvitation(id.email);
  if (invitation) {
    const user = await repo.createUser({ email: id.email, name, teamId: invitation.teamId, role: invitation.role,
      provider: id.provider, subject: id.uid, invitationId: invitation.id });
    if (!user) throw new SignInRefused('invitation_taken', 'the invitation was used or revoked meanwhile; ask for a new one', 409);
    return { user, team: await teamOf(repo, user), link: 'invitation', invitationId: invitation.id };
  }
  if (options.openSignupTeam && await repo.teamExists(options.openSignupTeam)) {
    const user = await repo.createUser({ email: id.email, name, teamId: options.openSignupTeam, role: 'member',
      provider: id.provider, subject: id.uid });
    return { user: user!, team: await teamOf(repo, user!), link: 'open_signup' };
  }
  throw new SignInRefused('no_account',
    `there is no Churnistic account for ${id.email} and no pending invitation for it; ask an admin of your team to invite this address`);
}

async function teamOf(repo: IdentitiesRepo, user: LocalUser): Promise<Team> {
  const team = await repo.signInTeam(user.id);
  if (!team) throw new SignInRefused('no_team', 'this account is not a member of any team any more; ask an admin to invite you again');
  return team;
}

/** A 30-day session (churs_…) in the given team, as every sign-in issues. */
export async function issueSession(accounts: AccountsRepo, owner: { userId: string; teamId: string }, name: string):
  Promise<{ id: string; token: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS).toISOString();
  const { id, token } = await accounts.issueToken(owner, name.slice(0, 100), { kind: 'session', expiresAt });
  return { id, token, expiresAt };
}
