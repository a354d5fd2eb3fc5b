import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, type AcceptInvitationRequest, type CreatedInvitation, type SessionResponse, type TeamRole } from '../../../protocol';
import type { InvitationsRepo, StoredInvitation } from '../data/invitations-repo';
import type { LoginRepo } from '../data/login-repo';
import type { AuditLog } from './audit';
import { AppError, badRequest, notFound } from './errors';
import type { Mailer } from './mailer';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';
import { roleAtLeast } from './policy';
import type { Principal } from './principal';
import type { RequestOrigin, SignIn } from './sign-in';
import { hashToken } from './tokens';

export const INVITATION_TTL_MS = 7 * 86_400_000;

export interface InvitationDeps { invitations: InvitationsRepo; repo: LoginRepo; signIn: SignIn; mailer: Mailer; audit: AuditLog }

/**
 * Invitations by email with a role. The token in the link is the proof of the mailbox: for an address
 * without an account it creates one; an existing account must also show it is that account (its
 * session or token, or its password, checked through the sign-in throttle).
 */
export class Invitations {
  constructor(private readonly deps: InvitationDeps) {}

  /** Same rule as role changes: owners invite with any role, admins only members and viewers. */
  async create(p: Principal, email: string, role: TeamRole, origin: RequestOrigin, baseUrl: string): Promise<CreatedInvitation> {
    const { invitations, mailer, audit } = this.deps;
    if (p.role !== 'owner' && roleAtLeast(role, 'admin')) {
      throw new AppError(403, ErrorCode.forbidden, 'only owners may invite admins or owners');
    }
    if (await invitations.isMember(p.teamId, email)) {
      throw new AppError(409, ErrorCode.conflict, `${email} is already a member of this team`);
    }
    const token = `chri_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const replaced = await invitations.create({ id, teamId: p.teamId, email, role, tokenHash: hashToken(token), invitedBy: p.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS).toISOString() });
    const acceptUrl = `${baseUrl}/invite?token=${encodeURIComponent(token)}`;
    await audit.record({ ...origin, action: 'invitation.created', actor: p, target: { type: 'invitation', id },
      details: { email, role, replaced } });
    await mailer.send({
      to: email, teamId: p.teamId, subject: `${p.name} invited you to ${p.teamName} on Churnistic`,
      text: [
        `${p.name} invited you to join the team "${p.teamName}" on Churnistic as ${role}.`, '',
        'Open this link within 7 days to accept (it works once):', acceptUrl, '',
        'If you did not expect this, ignore this mail.',
      ].join('\n'),
    });
    const stored = await invitations.findInTeam(p.teamId, id);
    return { ...stored!, token, acceptUrl };
  }

  async revoke(p: Principal, id: string, origin: RequestOrigin): Promise<void> {
    const inv = await this.deps.invitations.findInTeam(p.teamId, id); // another team's id: 404, ids reveal nothing
    if (!inv || inv.status === 'revoked') throw notFound('invitation');
    if (inv.status === 'accepted') throw new AppError(409, ErrorCode.conflict, 'this invitation was already accepted; remove the member instead');
    if (!await this.deps.invitations.revoke(id)) throw new AppError(409, ErrorCode.conflict, 'this invitation was accepted or revoked meanwhile');
    await this.deps.audit.record({ ...origin, action: 'invitation.revoked', actor: p, target: { type: 'invitation', id }, details: { email: inv.email } });
  }

  /** The invitation behind a link, if it can still be accepted; otherwise the error that says why not. */
  async pending(token: string): Promise<StoredInvitation> {
    const inv = await this.deps.invitations.byTokenHash(hashToken(token));
    if (!inv) throw notFound('invitation');
    if (inv.status === 'accepted') throw new AppError(409, ErrorCode.conflict, 'this invitation was already accepted; sign in instead');
    if (inv.status === 'revoked') throw new AppError(410, ErrorCode.invitationExpired, 'this invitation was revoked; ask for a new one');
    if (inv.status === 'expired') throw new AppError(410, ErrorCode.invitationExpired, 'this invitation has expired; ask for a new one');
    return inv;
  }

  /** `POST /invitations/accept`: joins the team (creating the account if needed) and answers with a session in it. */
  async accept(request: AcceptInvitationRequest, caller: Principal | undefined, origin: RequestOrigin): Promise<SessionResponse> {
    const { invitations, repo, signIn, audit } = this.deps;
    const inv = await this.pending(request.token);
    const existing = await repo.userByEmail(inv.email);
    if (caller && caller.userId !== existing?.id) {
      throw new AppError(403, ErrorCode.forbidden, `this invitation is for ${inv.email}; sign out of ${caller.email ?? 'the other account'} first`);
    }
    let userId: string;
    if (existing) {
      // Signed in as that account, or its password (throttled like any sign-in, audited on failure).
      if (!caller) {
        if (!request.password) throw new AppError(401, ErrorCode.invalidCredentials, `${inv.email} already has an account: give its password or sign in first`);
        await signIn.verifyCredentials(inv.email, request.password, origin);
      }
      if (!await invitations.acceptAsExistingUser(inv, existing.id)) throw await this.noLonger(request.token);
      userId = existing.id;
    } else {
      if (!request.name) throw badRequest('name is required to create your account');
      if (!request.password || request.password.length < MIN_PASSWORD_LENGTH) {
        throw badRequest(`password is required to create your account (at least ${MIN_PASSWORD_LENGTH} characters)`);
      }
      userId = `user_${randomUUID()}`;
      const passwordHash = await hashPassword(request.password);
      const created = await invitations.acceptAsNewUser(inv, { id: userId, name: request.name, passwordHash }).catch((err: unknown) => {
        if (String(err).includes('UNIQUE')) throw new AppError(409, ErrorCode.conflict, `${inv.email} signed up meanwhile; accept again with its password`);
        throw err;
      });
      if (!created) throw await this.noLonger(request.token);
    }
    const user = (await repo.userById(userId))!;
    await audit.record({ ...origin, action: 'invitation.accepted', actor: { userId }, teamId: inv.teamId,
      target: { type: 'invitation', id: inv.id }, details: { email: inv.email, role: inv.role, newAccount: !existing } });
    const team = await repo.signInTeam(user, inv.teamId);
    return signIn.startSession(user, team!, origin);
  }

  /** Lost a race (accepted or revoked meanwhile): the same error a fresh look would give. */
  private async noLonger(token: string): Promise<AppError> {
    try {
      await this.pending(token);
    } catch (err) {
      if (err instanceof AppError) return err;
    }
    return new AppError(409, ErrorCode.conflict, 'this invitation changed meanwhile; try again');
  }
}
