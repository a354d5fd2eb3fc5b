import { randomUUID } from 'node:crypto';
import { ErrorCode, type SessionResponse, type SetupRequest } from '../../../protocol';
import type { LoginRepo } from '../data/login-repo';
import type { AuditLog } from './audit';
import { AppError } from './errors';
import { hashPassword } from './passwords';
import type { RequestOrigin, SignIn } from './sign-in';

/**
 * First run: creates the first team and its owner with a password, then signs them in. Open only
 * while no account has a password (the admin token printed at first start has none), so once someone
 * has set the server up, nobody can "set it up" again and make themselves owner: 409.
 */
export class Setup {
  constructor(private readonly deps: { repo: LoginRepo; signIn: SignIn; audit: AuditLog }) {}

  async needsSetup(): Promise<boolean> {
    return !await this.deps.repo.anyPassword();
  }

  async complete(request: SetupRequest, origin: RequestOrigin): Promise<SessionResponse> {
    const { repo, signIn, audit } = this.deps;
    const done = () => new AppError(409, ErrorCode.conflict, 'this server is already set up; sign in instead');
    if (!await this.needsSetup()) throw done();
    if (await repo.userByEmail(request.email)) {
      throw new AppError(409, ErrorCode.conflict, `${request.email} already belongs to an account`);
    }
    const team = { id: `team_${randomUUID()}`, name: request.teamName };
    const user = { id: `user_${randomUUID()}`, email: request.email, name: request.name, passwordHash: await hashPassword(request.password) };
    if (!await repo.createFirstOwner(team, user)) throw done();
    const actor = { userId: user.id };
    await audit.record({ ...origin, action: 'team.created', actor, teamId: team.id, target: { type: 'team', id: team.id }, details: { name: team.name } });
    await audit.record({ ...origin, action: 'setup.completed', actor, teamId: team.id, target: { type: 'user', id: user.id },
      details: { email: user.email } });
    return signIn.startSession(user, { teamId: team.id, teamName: team.name, role: 'owner' }, origin);
  }
}
