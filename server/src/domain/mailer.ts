import nodemailer, { type Transporter } from 'nodemailer';
import { OutboxRepo } from '../data/outbox-repo';
import type { Db } from '../data/db';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * The team the mail concerns. Only that team's admins see it in the outbox: a reset or invitation
   * link is a way into an account, so another team's admin must never read it.
   */
  teamId?: string | null;
}

/** How the server sends mail: password resets and invitations. Domain code knows only this. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
}

/** SMTP through nodemailer (SMTP_URL). A failure propagates: the caller decides whether to log or answer. */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transport: Transporter;

  constructor(url: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Without SMTP, mail is kept in the `outbox` table for admins to read (GET /api/v1/admin/outbox) and
 * pass on by hand: a fresh install can still invite people and reset passwords.
 */
export class OutboxMailer implements Mailer {
  readonly kind = 'outbox';
  private readonly outbox: OutboxRepo;

  constructor(db: Db) {
    this.outbox = new OutboxRepo(db);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.outbox.add(mail);
  }
}

export function createMailer(settings: { smtpUrl?: string; from: string }, db: Db): Mailer {
  return settings.smtpUrl ? new SmtpMailer(settings.smtpUrl, settings.from) : new OutboxMailer(db);
}
