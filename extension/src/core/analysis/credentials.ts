// Hard-coded credentials found through a syntax tree (JS/TS and Python): a string literal bound to
// a name that says secret (`password = "…"`, `{ apiKey: '…' }`, `connect(password="…")`). The tree
// tells literal from expression, so `token = lexer.next()` or `password: string` never match.
// Names use the redaction's rule (the LAST word decides: `tokenType` is not a secret, `authToken` is).
import { isPlaceholderValue, secretNameKind } from '../security/redact';
import type { Reporter } from './finding';
import { secretRule } from './secrets';

/** Reports `value` (the literal's contents, offsets without quotes) when `name` says secret. */
export function checkCredential(reporter: Reporter, name: string, value: string, start: number, end: number): void {
  if (value.length < 4 || /\s/.test(value) || isPlaceholderValue(value)) return;
  const kind = secretNameKind(name);
  if (!kind) return;
  // `const PASSWORD_FIELD = 'password'`, `TOKEN = 'token'`: a key name, not a key.
  const flat = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (name.toLowerCase().replace(/[^a-z0-9]/g, '').includes(flat)) return;
  if (/^(?:https?:|\/|\.\/|#)/.test(value)) return; // `token_url = "https://…"`, a path or a selector
  reporter.report(secretRule('hardcoded-credential', 'Hard-coded credential'), {
    start, end, detail: `\`${name}\` holds a literal ${kind === 'password' ? 'password' : 'secret'}.`,
  });
}
