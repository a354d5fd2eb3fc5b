// Secrets analyzer over raw text (secrets are text, wherever they sit: code, comments, config).
// It reuses the redaction pattern table (core/security/redact.ts), so what the editor refuses to
// send is exactly what it flags, and reports each secret's exact range (the value, not the line).
//
// - Shapes (private key blocks, provider tokens, JWTs, AWS key ids, `scheme://user:pw@`, `Bearer …`)
//   in every file.
// - `name = value` whose name says secret (the redaction's ASSIGNMENT rule): in config files as
//   `secrets/password-in-config`, in other non-code text as `secrets/hardcoded-credential`. JS/TS
//   and Python get that rule from their syntax trees instead (credentials.ts), which knows a
//   string literal from a variable without guessing.
// - One report per range: a JWT inside a `Bearer` header is one finding, not two.
import {
  ASSIGNMENT, AUTH_HEADER, CONNECTION, KEY_BEGIN, TOKEN_RULES, isExpression, isPlaceholderValue, looksOpaque, secretNameKind,
} from '../security/redact';
import type { Reporter } from './finding';
import type { RuleMeta } from './types';

const ADVICE = 'Remove it from the file, **rotate it** (it is in your history and maybe in copies), and load it at run time ' +
  'from the environment or a secret manager.';

const CRITICAL_KINDS = new Set(['private-key', 'github-token', 'anthropic-key', 'openai-key', 'groq-key', 'slack-token', 'stripe-key']);

const metaCache = new Map<string, RuleMeta>();
/** One RuleMeta per kind, built on first use (no per-file allocation). */
export function secretRule(kind: string, title: string): RuleMeta {
  const id = `secrets/${kind}`;
  let meta = metaCache.get(id);
  if (!meta) {
    meta = {
      id, title, severity: CRITICAL_KINDS.has(kind) ? 'critical' : 'high', category: 'security', cwe: 'CWE-798', confidence: 0.9,
      message: `A credential is written in the source. Anyone who can read the repository can use it. ${ADVICE}`,
    };
    metaCache.set(id, meta);
  }
  return meta;
}

const TOKEN_TITLES: Record<string, string> = {
  'jwt': 'JSON Web Token in source', 'github-token': 'GitHub token in source', 'anthropic-key': 'Anthropic API key in source',
  'openai-key': 'OpenAI API key in source', 'groq-key': 'Groq API key in source', 'slack-token': 'Slack token in source',
  'google-api-key': 'Google API key in source', 'stripe-key': 'Stripe secret key in source', 'aws-access-key-id': 'AWS access key id in source',
};

/** Already-reported ranges; a later rule's match inside one of them is the same secret. */
class Taken {
  private readonly ranges: [number, number][] = [];
  overlaps(start: number, end: number): boolean {
    return this.ranges.some(([s, e]) => start < e && s < end);
  }
  add(start: number, end: number): void {
    this.ranges.push([start, end]);
  }
}

export interface SecretScanOptions {
  /** Run the name-based assignment rule on the text (not for JS/TS/Python, which use their trees). */
  assignments: boolean;
  /** Config files: unquoted values are literals (`password: hunter2`). */
  configFile: boolean;
}

export function scanSecrets(text: string, reporter: Reporter, options: SecretScanOptions): void {
  const taken = new Taken();
  const hit = (rule: RuleMeta, start: number, end: number) => {
    if (taken.overlaps(start, end)) return;
    taken.add(start, end);
    reporter.report(rule, { start, end });
  };
  privateKeys(text, (s, e) => hit(secretRule('private-key', 'Private key in source'), s, e));
  for (const rule of TOKEN_RULES) {
    if (!rule.hints.some((h) => text.includes(h))) continue;
    const re = rule.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!rule.accept || rule.accept(m[0])) hit(secretRule(rule.kind, TOKEN_TITLES[rule.kind] ?? 'Secret in source'), m.index, m.index + m[0].length);
    }
  }
  if (text.includes('://')) {
    CONNECTION.lastIndex = 0;
    for (let m = CONNECTION.exec(text); m; m = CONNECTION.exec(text)) {
      const password = m[2]!;
      if (isPlaceholderValue(password) || password.startsWith('${')) continue;
      const start = m.index + m[1]!.length;
      hit(secretRule('connection-string-password', 'Password in a connection string'), start, start + password.length);
    }
  }
  AUTH_HEADER.lastIndex = 0;
  for (let m = AUTH_HEADER.exec(text); m; m = AUTH_HEADER.exec(text)) {
    if (!looksOpaque(m[3]!)) continue;
    const start = m.index + m[1]!.length + m[2]!.length;
    hit(secretRule('authorization-header', 'Credentials in an Authorization header'), start, start + m[3]!.length);
  }
  if (options.assignments) assignments(text, options.configFile, hit);
}

function assignments(text: string, configFile: boolean, hit: (rule: RuleMeta, start: number, end: number) => void): void {
  const rule = configFile
    ? secretRule('password-in-config', 'Password or secret in a configuration file')
    : secretRule('hardcoded-credential', 'Hard-coded credential');
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    const kind = secretNameKind(m[3]!);
    if (!kind) continue;
    const quoted = m[4] ?? m[5] ?? m[6];
    const start = m.index + m[1]!.length + (quoted !== undefined ? 1 : 0);
    if (quoted !== undefined) {
      if (isPlaceholderValue(quoted) || /^\$\{[^}]*\}$/.test(quoted)) continue;
      hit(rule, start, start + quoted.length);
    } else {
      const bare = m[7];
      if (bare === undefined || isPlaceholderValue(bare) || isExpression(bare, configFile)) continue;
      hit(rule, start, start + bare.length);
    }
  }
}

/** Whole `-----BEGIN … PRIVATE KEY-----` blocks to their END line (or the end of the text). */
function privateKeys(text: string, found: (start: number, end: number) => void): void {
  if (!text.includes('PRIVATE KEY')) return;
  KEY_BEGIN.lastIndex = 0;
  for (let m = KEY_BEGIN.exec(text); m; m = KEY_BEGIN.exec(text)) {
    const endLine = `-----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`;
    const end = text.indexOf(endLine, KEY_BEGIN.lastIndex);
    const stop = end < 0 ? text.length : end + endLine.length;
    found(m.index, stop);
    KEY_BEGIN.lastIndex = stop;
  }
}
