// Secret redaction for code that leaves the editor (chat attachments, diffs, problems).
//
// Each secret is replaced by `[REDACTED:<kind>]`; everything around it is kept byte for byte, so
// the model still sees the shape of the code. Two families of rules:
// - Shapes that are secrets wherever they appear (private key blocks, provider token prefixes,
//   JWTs, AWS key ids, Authorization headers, the password of `scheme://user:pw@host`).
// - Assignments whose *name* says secret (`DB_PASSWORD=…`, `apiKey: "…"`, `"client_secret": "…"`)
//   when the value is a literal: not a reference (`process.env.X`, `os.environ[…]`, `${X}`), not a
//   call or type annotation (`const token = lexer.next()`, `password: string`), not empty, not an
//   obvious placeholder (`xxx`, `<your-key>`, `changeme`). The keyword must be the name's LAST word
//   (`tokenType`, `passwordLabel` are ordinary names); in code files an unquoted bare identifier is
//   a variable, in config files (.yaml, .ini, .properties…) it is a literal.
// - `.env` files (`.env`, `.env.*`, `*.env`): every non-empty, non-placeholder value is redacted.
//
// Performance: every quantifier is bounded and token rules start behind a fixed-width lookbehind,
// so no pattern backtracks more than a few hundred steps per position (linear on a 1 MB input).
// Private key blocks are found with indexOf, so an unterminated block is redacted to the end.
//
// The pattern table below is shared with the secrets analyzer (core/analysis/secrets.ts), which
// reports the same shapes with their exact ranges: one table, so redaction and detection agree.

export interface RedactResult {
  text: string;
  /** Number of secrets replaced. */
  redactions: number;
  /** Distinct kinds found, in the order the rules ran. */
  kinds: string[];
}

export const placeholder = (kind: string) => `[REDACTED:${kind}]`;

/**
 * Not preceded by a character that would make the match the middle of a longer token (base64,
 * hashes), except a diff's `+`/`-` at the start of a line.
 */
const START = '(?:(?<=^[+-])|(?<![A-Za-z0-9+/_-]))';
const END = '(?![A-Za-z0-9_-])';

/**
 * `hints`: substrings every match contains, so a scanner can skip a rule's regex on text without
 * them (an `includes` is far cheaper than a lookbehind at every position). Redaction ignores them.
 */
export interface TokenRule { kind: string; re: RegExp; hints: readonly string[]; accept?: (m: string) => boolean }

const hasDigit = (s: string) => /\d/.test(s);
export const TOKEN_RULES: readonly TokenRule[] = [
  { kind: 'jwt', hints: ['eyJ'], re: new RegExp(`${START}eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{4,8000}\\.[A-Za-z0-9_-]{0,2000}${END}`, 'gm') },
  { kind: 'github-token', hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], re: new RegExp(`${START}(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})${END}`, 'gm') },
  { kind: 'anthropic-key', hints: ['sk-ant-'], re: new RegExp(`${START}sk-ant-[A-Za-z0-9_-]{20,300}${END}`, 'gm') },
  { kind: 'openai-key', hints: ['sk-'], re: new RegExp(`${START}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,300}${END}`, 'gm'), accept: hasDigit },
  { kind: 'groq-key', hints: ['gsk_'], re: new RegExp(`${START}gsk_[A-Za-z0-9]{20,200}${END}`, 'gm') },
  { kind: 'slack-token', hints: ['xox'], re: new RegExp(`${START}xox[abposr]-[A-Za-z0-9-]{10,250}${END}`, 'gm'), accept: hasDigit },
  { kind: 'google-api-key', hints: ['AIza'], re: new RegExp(`${START}AIza[0-9A-Za-z_-]{35}${END}`, 'gm') },
  { kind: 'stripe-key', hints: ['_live_', '_test_'], re: new RegExp(`${START}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}${END}`, 'gm') },
  { kind: 'aws-access-key-id', hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], re: /(?<![A-Za-z0-9+/])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
];

/** `Bearer abc…`/`Basic dXNl…`: keeps the scheme. Prose ("Basic authentication") has no digit, `=` or inner capital. */
export const AUTH_HEADER = /\b(Bearer|Basic|Token)([ \t]+)([A-Za-z0-9._~+/-]{8,4000}=*)(?![A-Za-z0-9._~+/=-])/g;
export const looksOpaque = (v: string) => /\d/.test(v) || v.endsWith('=') || /[a-z][A-Z]/.test(v) || /[A-Z]{2}[a-z]/.test(v.slice(1));

/** `scheme://user:password@host`: only the password goes. */
export const CONNECTION = /\b([a-z][a-z0-9+.-]{1,30}:\/\/[^\s:/@'"`]{1,256}:)([^\s@/'"`]{1,256})@/gi;

/**
 * `name <op> value` with an optionally quoted name; op is `=`, `:` or `:=` (not `==`, `=>`).
 * Groups: 1 prefix up to the value, 2 name quote, 3 name, 4/5/6 "…", '…', `…` contents, 7 bare value.
 */
const QUOTED = (q: string) => `${q}((?:[^${q}\\n\\\\]|\\\\.){0,2000})${q}`;
export const ASSIGNMENT = new RegExp(
  '(?<![\\w.$]|[\\w.$]-)((["\']?)([A-Za-z_][\\w.-]{0,80})\\2[ \\t]*(?::=|[:=])(?![=>])[ \\t]*)' +
    `(?:${QUOTED('"')}|${QUOTED("'")}|${QUOTED('`')}|([^\\s"'\`,;#)}\\]]{1,2000}))`,
  'g',
);

const SECRET_LAST_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'pat']);
const SECRET_LAST_PAIRS = new Set([
  'apikey', 'secretkey', 'privatekey', 'accesskey', 'authkey', 'signingkey', 'encryptionkey', 'masterkey', 'dbpass', 'clientsecret',
]);

/** The words of an identifier: `AWS_SECRET_ACCESS_KEY`, `githubToken`, `api-key` → lower-case parts. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** The kind of secret a name announces, or undefined for an ordinary name. */
export function secretNameKind(name: string): string | undefined {
  const w = words(name);
  const last = w.at(-1) ?? '';
  const pair = w.slice(-2).join('');
  if (last === 'password' || last === 'passwd' || last === 'passphrase' || (last === 'pass' && w.length > 1)) return 'password';
  if (w.includes('aws') && pair === 'accesskey' && w.includes('secret')) return 'aws-secret-key';
  if (SECRET_LAST_WORDS.has(last) || SECRET_LAST_PAIRS.has(pair)) return last === 'token' ? 'token' : 'secret';
  return undefined;
}

const PLACEHOLDER_VALUE =
  /^(?:x{3,}|X{3,}|\*{3,}|\.{3}|…|<[^>]*>|\{\{.*\}\}|\$\{.*\}|\$[A-Za-z_]\w*|%[sd]|%\(\w+\)s|changeme|change[-_]?me|your[-_ ].*|placeholder|example|dummy|todo|tbd|redacted|\[REDACTED:.*)$/i;
const NON_LITERAL_WORDS = new Set([
  'string', 'str', 'number', 'int', 'bool', 'boolean', 'bytes', 'any', 'unknown', 'null', 'none', 'nil', 'undefined', 'true',
  'false', 'void', 'never', 'object', 'optional', 'char', 'secretstr',
]);

/** True when `value` is a placeholder or plainly not a literal (so not worth redacting). */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER_VALUE.test(v) || NON_LITERAL_WORDS.has(v.toLowerCase());
}

/** An unquoted value that is code rather than a literal: a call, member path, reference, type or variable. */
export function isExpression(value: string, configFile: boolean): boolean {
  if (/[([{<]/.test(value) || /^[$%&@!|>]/.test(value)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true; // process.env.X, this.token
  if (/^\d{1,7}$/.test(value)) return true; // counts and ports, not credentials
  if (configFile) return false; // YAML/INI values are literals even when they look like words
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return true; // a type name: Token, SecretString
  return /^[A-Za-z_$][\w$]*$/.test(value) && !/\d/.test(value); // a variable: `token = nextToken`
}

export const CONFIG_EXTENSIONS = /\.(?:ya?ml|ini|cfg|conf|properties|toml|env|txt)$/i;

export function isDotenvFile(fileName: string | undefined): boolean {
  const base = fileName?.split(/[\\/]/).at(-1)?.toLowerCase() ?? '';
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}

class Tally {
  redactions = 0;
  readonly kinds = new Set<string>();
  mark(kind: string): string {
    this.redactions++;
    this.kinds.add(kind);
    return placeholder(kind);
  }
}

export function redactSecrets(text: string, options: { fileName?: string } = {}): RedactResult {
  const tally = new Tally();
  let out = redactPrivateKeys(text, tally);
  if (isDotenvFile(options.fileName)) {
    out = out.replace(/^([ \t]*(?:export[ \t]+)?[A-Za-z_][\w.-]{0,200}[ \t]*=[ \t]*)([^\r\n]{1,100000})$/gm, (all, head: string, value: string) => {
      const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
      return isPlaceholderValue(v) ? all : head + tally.mark('env-value');
    });
  }
  for (const rule of TOKEN_RULES) {
    out = out.replace(rule.re, (m) => (rule.accept && !rule.accept(m) ? m : tally.mark(rule.kind)));
  }
  out = out.replace(CONNECTION, (all, head: string, password: string) =>
    isPlaceholderValue(password) ? all : `${head}${tally.mark('password')}@`);
  out = out.replace(AUTH_HEADER, (all, scheme: string, space: string, value: string) =>
    looksOpaque(value) ? `${scheme}${space}${tally.mark(`${scheme.toLowerCase()}-credentials`)}` : all);
  const configFile = CONFIG_EXTENSIONS.test(options.fileName ?? '') || isDotenvFile(options.fileName);
  out = out.replace(ASSIGNMENT, (all, head: string, _q: string, name: string, dq?: string, sq?: string, bt?: string, bare?: string) => {
    const kind = secretNameKind(name);
    if (!kind) return all;
    const quoted = dq ?? sq ?? bt;
    if (quoted !== undefined) {
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '`';
      if (isPlaceholderValue(quoted) || /^\$\{[^}]*\}$/.test(quoted)) return all;
      return `${head}${quote}${tally.mark(kind)}${quote}`;
    }
    if (bare === undefined || isPlaceholderValue(bare) || isExpression(bare, configFile)) return all;
    return head + tally.mark(kind);
  });
  return { text: out, redactions: tally.redactions, kinds: [...tally.kinds] };
}

export const KEY_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/g;

/** Whole `-----BEGIN … PRIVATE KEY-----` blocks up to their END line, or to the end of the text. */
function redactPrivateKeys(text: string, tally: Tally): string {
  if (!text.includes('PRIVATE KEY')) return text;
  let out = '';
  let from = 0;
  KEY_BEGIN.lastIndex = 0;
  for (let m = KEY_BEGIN.exec(text); m; m = KEY_BEGIN.exec(text)) {
    const endLine = `-----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`;
    const end = text.indexOf(endLine, KEY_BEGIN.lastIndex);
    const stop = end < 0 ? text.length : end + endLine.length;
    out += text.slice(from, m.index) + tally.mark('private-key');
    from = stop;
    KEY_BEGIN.lastIndex = stop;
  }
  return out + text.slice(from);
}
