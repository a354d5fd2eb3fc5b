import { z } from 'zod';

/**
 * Mail and link settings, validated with the rest of the environment (config.ts spreads MAIL_ENV into
 * its schema), so a malformed SMTP_URL stops start-up instead of losing the first reset mail.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const MAIL_ENV = {
  /** smtp://user:pass@host:587 or smtps://…:465; unset: mail goes to the outbox table (GET /api/v1/admin/outbox). */
  SMTP_URL: z.preprocess(emptyToUndefined, z.string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465').optional()),
  SMTP_FROM: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  /**
   * The address people reach the server at, for links in mail. Never taken from the request's Host
   * header: a forged Host would otherwise put an attacker's domain in someone's reset link.
   */
  CHURNISTIC_PUBLIC_URL: z.preprocess(emptyToUndefined,
    z.url({ message: 'CHURNISTIC_PUBLIC_URL must be a URL such as https://churnistic.example.com' }).optional()),
};

export interface MailSettings {
  smtpUrl?: string;
  from: string;
  publicUrl?: string;
}

type MailEnv = { [K in keyof typeof MAIL_ENV]?: z.infer<(typeof MAIL_ENV)[K]> };

export function mailSettings(e: MailEnv): MailSettings {
  return {
    smtpUrl: e.SMTP_URL,
    from: e.SMTP_FROM ?? 'Churnistic <no-reply@churnistic.invalid>',
    publicUrl: e.CHURNISTIC_PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
