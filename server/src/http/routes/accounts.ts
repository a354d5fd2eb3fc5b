import { Router } from 'express';
import { AccountsRepo } from '../../data/accounts-repo';
import { AuditRepo } from '../../data/audit-repo';
import type { Db } from '../../data/db';
import { MembersRepo } from '../../data/members-repo';
import { TokensRepo } from '../../data/tokens-repo';
import type { AuditLog } from '../../domain/audit';
import type { PrincipalCache } from '../auth';
import { auditRouter } from './audit';
import { membersRouter } from './members';
import { tokensRouter } from './tokens';

export interface AccountsRouteDeps { db: Db; audit: AuditLog; principals: PrincipalCache }

/** Tokens, the current team and its members, the activity log: one mount for app.ts. */
export function accountsRouter({ db, audit, principals }: AccountsRouteDeps): Router {
  const tokens = new TokensRepo(db);
  return Router().use(
    tokensRouter({ accounts: new AccountsRepo(db), tokens, audit, principals }),
    membersRouter({ members: new MembersRepo(db), tokens, audit, principals }),
    auditRouter(new AuditRepo(db), audit),
  );
}
