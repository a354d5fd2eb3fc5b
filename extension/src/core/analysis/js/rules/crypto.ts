// Weak cryptography: `createHash('md5'|'sha1'|…)`, ciphers that are broken or leak patterns
// (DES, 3DES, RC2, RC4, Blowfish, any ECB mode, the IV-less `createCipher`), and `Math.random()`
// used where a secret is made (by the name of what it is assigned to, or the function it is in).
// No fixes: changing a hash or cipher changes its output, which breaks stored data and peers.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import { isSecretName } from '../../secret-words';
import type { JsContext, JsRule } from '../context';
import { bindingName, calleeName, chainText, literalText, unwrap } from '../syntax';

export const WEAK_HASH: RuleMeta = {
  id: 'js/weak-hash', severity: 'medium', category: 'security', cwe: 'CWE-328', confidence: 0.5,
  title: 'Weak hash algorithm',
  message: 'MD5 and SHA-1 have practical collisions, so they cannot protect integrity or signatures. Use SHA-256 or better; ' +
    'for passwords use a slow KDF (`crypto.scrypt`, bcrypt, Argon2). If this hash is only a cache key or checksum, this is acceptable.',
};
export const WEAK_CIPHER: RuleMeta = {
  id: 'js/weak-cipher', severity: 'high', category: 'security', cwe: 'CWE-327', confidence: 0.8,
  title: 'Weak or broken cipher',
  message: 'DES/3DES, RC2, RC4 and Blowfish are broken or too small, ECB mode reveals patterns in the data, and ' +
    '`createCipher` derives the key without salt. Use `crypto.createCipheriv(\'aes-256-gcm\', key, iv)` with a random IV.',
};
export const INSECURE_RANDOM: RuleMeta = {
  id: 'js/insecure-random', severity: 'medium', category: 'security', cwe: 'CWE-338', confidence: 0.6,
  title: 'Math.random() used for a secret',
  message: '`Math.random()` is predictable: its output can be reconstructed from a few samples. For tokens, passwords, ' +
    'salts and ids that must not be guessed, use `crypto.randomBytes`, `crypto.randomUUID()` or `crypto.getRandomValues`.',
};

const WEAK_HASHES = new Set(['md2', 'md4', 'md5', 'sha1', 'sha-1', 'rsa-md5', 'rsa-sha1']);
const WEAK_CIPHER_NAME = /^(?:des|des3|des-ede\d?|rc2|rc4|bf|blowfish|cast5?|idea|seed)(?:-|$)|-ecb$/i;

function checkCall(node: ts.Node, ctx: JsContext): void {
  const call = node as ts.CallExpression;
  const name = calleeName(call);
  if (name === 'createHash') {
    const alg = literalText(call.arguments[0])?.toLowerCase();
    if (alg && WEAK_HASHES.has(alg)) ctx.reporter.report(WEAK_HASH, { ...ctx.span(call), title: `Weak hash algorithm (${alg})` });
  } else if (name === 'createCipheriv' || name === 'createDecipheriv' || name === 'createCipher' || name === 'createDecipher') {
    const alg = literalText(call.arguments[0]);
    const noIv = name === 'createCipher' || name === 'createDecipher';
    if ((alg && WEAK_CIPHER_NAME.test(alg)) || noIv) {
      ctx.reporter.report(WEAK_CIPHER, { ...ctx.span(call), title: noIv ? `${name} without an IV` : `Weak cipher (${alg})` });
    }
  } else if (name === 'random' && isMathRandom(call.expression)) {
    const owner = secretOwner(ctx);
    if (owner) ctx.reporter.report(INSECURE_RANDOM, { ...ctx.span(call), detail: `The value ends up in \`${owner}\`.` });
  }
}

function isMathRandom(callee: ts.Expression): boolean {
  const u = unwrap(callee);
  return ts.isPropertyAccessExpression(u) && chainText(u.expression) === 'Math';
}

/** The nearest named thing the random value flows into, if that name says secret. */
function secretOwner(ctx: JsContext): string | undefined {
  for (let i = ctx.parents.length - 1; i >= 0; i--) {
    const p = ctx.parents[i]!;
    let name: string | undefined;
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) name = bindingName(p);
    else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) name = chainText(p.left)?.split('.').at(-1);
    else if (ts.isFunctionLike(p)) {
      const fnName = bindingName(p) ?? (ctx.parents[i - 1] && bindingName(ctx.parents[i - 1]!));
      return fnName !== undefined && isSecretName(fnName) ? fnName : undefined;
    } else if (ts.isBlock(p) && ctx.parents[i - 1] && ts.isFunctionLike(ctx.parents[i - 1]!)) continue; // `return Math.random()…`
    else if (ts.isBlock(p) || ts.isSourceFile(p)) return undefined;
    if (name !== undefined) return isSecretName(name) ? name : undefined;
  }
  return undefined;
}

export const crypto: JsRule = { gate: /create(?:Hash|Cipher|Decipher)|Math\s*\.\s*random/, on: { [ts.SyntaxKind.CallExpression]: checkCall } };
