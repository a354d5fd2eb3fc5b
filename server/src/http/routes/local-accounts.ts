import { Router, type Request } from 'express';
import { AccountsRepo } from '../../data/accounts-repo';
import type { Db } from '../../data/db';
import { InvitationsRepo } from '../../data/invitations-repo';
import { LoginRepo } from '../../data/login-repo';
import { OutboxRepo } from '../../data/outbox-repo';
import { PasswordResetsRepo } from '../../data/password-resets-repo';
import { PreferencesRepo } from '../../data/preferences-repo';
import type { AuditLog } from '../../domain/audit';
import { Invitations } from '../../domain/invitations';
import { LoginThrottle } from '../../domain/login-throttle';
import { OutboxMailer, type Mailer } from '../../domain/mailer';
import { PasswordReset } from '../../domain/password-reset';
import { Setup } from '../../domain/setup';
import { SignIn } from '../../domain/sign-in';
import type { PrincipalCache } from '../auth';
import { invitationsRouter } from './invitations';
import { profileRouter } from './profile';
import { signInRouter } from './sign-in';

export interface LocalAccountsDeps {
  db: Db;
  audit: AuditLog;
  principals: PrincipalCache;
  /** SMTP (SMTP_URL) or, by default, the outbox table. */
  mailer?: Mailer;
  /** CHURNISTIC_PUBLIC_URL: the base of links in mail. */
  publicUrl?: string;
}

/**
 * Links in mail point at the configured public URL, else at the address this request arrived on
 * (the socket's own, as the server listens). Never at the Host header: a forged Host would put an
 * attacker's domain into a victim's reset link.
 */
function baseUrlOf(publicUrl: string | undefined): (req: Request) => string {
  if (publicUrl) return () => publicUrl;
  return (req) => {
    let address = req.socket.localAddress ?? '127.0.0.1';
    if (address.startsWith('::ffff:')) address = address.slice(7); // IPv4 on a dual-stack socket
    return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
  };
}

/** Local accounts (engineer B): sign-in, sessions, reset, setup, invitations, profile, outbox. One mount for app.ts. */
export function localAccountsRouter(deps: LocalAccountsDeps): Router {
  const { db, audit, principals } = deps;
  const repo = new LoginRepo(db);
  const mailer = deps.mailer ?? new OutboxMailer(db);
  const baseUrl = baseUrlOf(deps.publicUrl);
  const signIn = new SignIn({ repo, accounts: new AccountsRepo(db), throttle: new LoginThrottle(repo), audit });
  const reset = new PasswordReset({ repo, resets: new PasswordResetsRepo(db), mailer, audit, forgetUser: (id) => principals.forgetUser(id) });
  const invitationsRepo = new InvitationsRepo(db);
  return Router().use(
    signInRouter({ signIn, setup: new Setup({ repo, signIn, audit }), reset, repo, audit, principals, baseUrl }),
    invitationsRouter({ invitations: new Invitations({ invitations: invitationsRepo, repo, signIn, mailer, audit }), repo: invitationsRepo, baseUrl }),
    profileRouter({ repo, preferences: new PreferencesRepo(db), outbox: new OutboxRepo(db), audit, principals }),
  );
}
