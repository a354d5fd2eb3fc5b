// Names of values that must be unguessable (tokens, passwords, salts…), for the insecure-random
// rules. Words are split like identifiers (`resetToken`, `SESSION_ID`, `gen_password`); a single
// word decides. `key` alone is not one of them: React list keys and map keys are everywhere.
const WORDS = new Set(['token', 'tokens', 'password', 'passwd', 'secret', 'nonce', 'salt', 'otp', 'csrf', 'xsrf', 'apikey', 'credential',
  'credentials', 'verifier', 'passphrase', 'pin']);
const PAIRS = new Set(['apikey', 'secretkey', 'accesskey', 'sessionid', 'sessionkey', 'resetcode', 'verificationcode', 'authcode']);

const split = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

export function isSecretName(name: string): boolean {
  const w = split(name);
  for (let i = 0; i < w.length; i++) {
    if (WORDS.has(w[i]!)) return true;
    if (i > 0 && PAIRS.has(w[i - 1]! + w[i]!)) return true;
  }
  return false;
}
