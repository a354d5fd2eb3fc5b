import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { FIREBASE_ENV, firebaseSettings, type FirebaseSettings } from './config-firebase';
import { MAIL_ENV, mailSettings, type MailSettings } from './config-mail';

/** Where server state lives unless CHURNISTIC_DATA_DIR says otherwise (XDG, never the workspace). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.local', 'share');
  return path.join(xdg, 'churnistic');
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = (what: string) =>
  z.preprocess(emptyToUndefined, z.url({ message: `${what} must be a URL such as http://host:port` }).optional());

/** Accepts `1048576`, `512kb`, `1mb`. */
const byteSize = z.preprocess(emptyToUndefined, z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'must be a byte count such as 1048576, 512kb or 1mb')
  .transform((s) => {
    const m = /^(\d+)(b|kb|mb)?$/i.exec(s)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  })
  .optional());

const EnvSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'PORT must be a number' })
    .int().min(0).max(65535, 'PORT must be between 0 and 65535').default(8787)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  CHURNISTIC_DATA_DIR: optionalString,
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string()
    .refine((s) => s.startsWith('file:') || s === ':memory:', 'DATABASE_URL must be file:… (postgres:// support comes with the Postgres backend)')
    .optional()),
  REDIS_URL: optionalUrl('REDIS_URL'),
  GROQ_API_KEY: optionalString,
  GROQ_BASE_URL: optionalUrl('GROQ_BASE_URL'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl('OPENAI_BASE_URL'),
  CHURNISTIC_ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string()
    .min(16, 'CHURNISTIC_ADMIN_TOKEN must be at least 16 characters').optional()),
  CHURNISTIC_CONFIG: optionalString,
  CHURNISTIC_MAX_BODY: byteSize,
  CHURNISTIC_UPSTREAM_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(60_000)),
  LOG_LEVEL: z.preprocess(emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  ...FIREBASE_ENV,
  ...MAIL_ENV,
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl?: string;
  groq: { apiKey?: string; baseURL?: string };
  openai: { apiKey?: string; baseURL?: string };
  adminToken?: string;
  configFile?: string;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  logLevel: string;
  /** Firebase sign-in (config-firebase.ts). */
  firebase: FirebaseSettings;
  /** Reset and invitation mail: SMTP or the outbox, and the public URL for links (config-mail.ts). */
  mail: MailSettings;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CHURNISTIC_DATA_DIR ?? defaultDataDir(env));
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, 'churnistic.db')}`,
    redisUrl: e.REDIS_URL,
    groq: { apiKey: e.GROQ_API_KEY, baseURL: e.GROQ_BASE_URL },
    openai: { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL },
    adminToken: e.CHURNISTIC_ADMIN_TOKEN,
    configFile: e.CHURNISTIC_CONFIG,
    maxBodyBytes: e.CHURNISTIC_MAX_BODY ?? 1024 * 1024,
    upstreamTimeoutMs: e.CHURNISTIC_UPSTREAM_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    firebase: firebaseSettings(e),
    mail: mailSettings(e),
  };
}
