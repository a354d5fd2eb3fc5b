// Weak cryptography in Python: `hashlib.md5/sha1` (and `hashlib.new('md5')`) unless marked
// `usedforsecurity=False` (Python 3.9+: the author states it is a checksum); broken ciphers
// (PyCryptodome's DES/DES3/ARC2/ARC4/Blowfish, any `MODE_ECB`; cryptography's TripleDES/ARC4/
// Blowfish/IDEA/CAST5/SEED and `modes.ECB`); and the `random` module making secrets (by the name of
// the variable, keyword or function it flows into). No fixes: they change outputs.
import type { Node } from '@vscode/tree-sitter-wasm';
import { isSecretName } from '../../secret-words';
import type { RuleMeta } from '../../types';
import { callArgs, stringValue, targetName, type PyContext, type PyRule } from '../context';

export const PY_WEAK_HASH: RuleMeta = {
  id: 'py/weak-hash', severity: 'medium', category: 'security', cwe: 'CWE-328', confidence: 0.5,
  title: 'Weak hash algorithm',
  message: 'MD5 and SHA-1 have practical collisions. Use `hashlib.sha256` or better; for passwords use `hashlib.scrypt`, ' +
    'bcrypt or Argon2. If this is only a checksum or cache key, say so with `usedforsecurity=False`.',
};
export const PY_WEAK_CIPHER: RuleMeta = {
  id: 'py/weak-cipher', severity: 'high', category: 'security', cwe: 'CWE-327', confidence: 0.8,
  title: 'Weak or broken cipher',
  message: 'DES/3DES, RC2, RC4, Blowfish, IDEA and CAST5 are broken or too small, and ECB mode reveals patterns. Use AES-GCM ' +
    '(`cryptography.hazmat.primitives.ciphers.aead.AESGCM`) or ChaCha20-Poly1305 with a random nonce.',
};
export const PY_RANDOM: RuleMeta = {
  id: 'py/insecure-random', severity: 'medium', category: 'security', cwe: 'CWE-338', confidence: 0.6,
  title: '`random` used for a secret',
  message: 'The `random` module is a predictable Mersenne Twister. For tokens, passwords and salts use `secrets` ' +
    '(`secrets.token_urlsafe()`, `secrets.choice`) or `os.urandom`.',
};

const WEAK_HASHES = new Set(['md5', 'sha1', 'md4']);
const WEAK_CIPHER_CALLS = /(?:^|\.)(?:DES|DES3|ARC2|ARC4|Blowfish|CAST)\.new$|(?:^|\.)algorithms\.(?:TripleDES|ARC4|Blowfish|IDEA|CAST5|SEED)$|(?:^|\.)modes\.ECB$/;
const RANDOM_FUNCTIONS = new Set(['random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'uniform', 'randbytes']);

function checkCall(call: Node, ctx: PyContext): void {
  const target = ctx.resolve(call.childForFieldName('function'));
  if (target === undefined) return;
  const dot = target.lastIndexOf('.');
  const module = target.slice(0, Math.max(0, dot));
  const name = target.slice(dot + 1);
  if (module === 'hashlib' && (WEAK_HASHES.has(name) || name === 'new')) {
    const { positional, keywords } = callArgs(call);
    const alg = name === 'new' ? stringValue(positional[0])?.toLowerCase() : name;
    if (!alg || !WEAK_HASHES.has(alg) || keywords.get('usedforsecurity')?.type === 'false') return;
    ctx.reporter.report(PY_WEAK_HASH, { ...ctx.span(call), title: `Weak hash algorithm (${alg})` });
  } else if (WEAK_CIPHER_CALLS.test(target) || (name === 'new' && module.endsWith('AES') && call.text.includes('MODE_ECB'))) {
    ctx.reporter.report(PY_WEAK_CIPHER, ctx.span(call));
  } else if (module === 'random' && RANDOM_FUNCTIONS.has(name)) {
    const owner = secretOwner(call);
    if (owner) ctx.reporter.report(PY_RANDOM, { ...ctx.span(call), detail: `The value ends up in \`${owner}\`.` });
  }
}

/** The nearest name the value flows into (assignment, keyword, dict key, or the function it is returned from). */
function secretOwner(node: Node): string | undefined {
  let returned = false;
  for (let p = node.parent; p; p = p.parent) {
    let name: string | undefined;
    if (p.type === 'assignment' || p.type === 'augmented_assignment') name = targetName(p.childForFieldName('left'));
    else if (p.type === 'keyword_argument') name = p.childForFieldName('name')?.text;
    else if (p.type === 'pair') name = stringValue(p.childForFieldName('key'));
    else if (p.type === 'return_statement') returned = true;
    else if (p.type === 'function_definition') name = p.childForFieldName('name')?.text;
    else if ((p.type === 'block' && !returned) || p.type === 'module') return undefined;
    if (name !== undefined) return isSecretName(name) ? name : undefined;
  }
  return undefined;
}

export const crypto: PyRule = { on: { call: checkCall } };
