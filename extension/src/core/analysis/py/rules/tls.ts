// TLS verification disabled in Python: `verify=False` on HTTP client calls (requests, httpx, a
// Session/Client), `ssl._create_unverified_context`, `ssl.CERT_NONE`, `ctx.check_hostname = False`.
// Fixes: `verify=False` → `verify=True`; `ssl._create_unverified_context()` (no arguments) →
// `ssl.create_default_context()`, its verifying twin with the same call shape.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleMeta } from '../../types';
import { targetName, type PyContext, type PyRule } from '../context';

export const PY_TLS: RuleMeta = {
  id: 'py/tls-disabled', severity: 'high', category: 'security', cwe: 'CWE-295', confidence: 0.9,
  title: 'TLS certificate verification disabled',
  message: 'Without certificate verification anyone on the network path can impersonate the server. Keep it on; for a ' +
    'private CA pass its bundle (`verify="/path/ca.pem"`, `ssl.create_default_context(cafile=…)`).',
};

const HTTP_CALLS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'Client',
  'AsyncClient', 'Session', 'urlopen']);

function checkKeyword(node: Node, ctx: PyContext): void {
  if (node.childForFieldName('name')?.text !== 'verify') return;
  const value = node.childForFieldName('value');
  if (value?.type !== 'false') return;
  const call = node.parent?.parent;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  if (!method || !HTTP_CALLS.has(method)) return;
  ctx.reporter.report(PY_TLS, {
    ...ctx.span(node), fix: { description: 'Turn certificate verification back on', start: value.startIndex, end: value.endIndex, replacement: 'True' },
  });
}

function checkAttribute(node: Node, ctx: PyContext): void {
  if (!ctx.hasSslNames) return; // attributes are everywhere; only read their text when the file can match
  const text = node.text;
  if (text === 'ssl._create_unverified_context') {
    const call = node.parent?.type === 'call' ? node.parent : null;
    const noArgs = call && call.childForFieldName('arguments')?.namedChildCount === 0;
    ctx.reporter.report(PY_TLS, {
      ...ctx.span(call ?? node),
      ...(noArgs ? { fix: { description: 'Use the verifying default context', start: node.startIndex, end: node.endIndex, replacement: 'ssl.create_default_context' } } : {}),
    });
  } else if (text === 'ssl.CERT_NONE') ctx.reporter.report(PY_TLS, ctx.span(node));
}

function checkAssignment(node: Node, ctx: PyContext): void {
  if (targetName(node.childForFieldName('left')) === 'check_hostname' && node.childForFieldName('right')?.type === 'false') {
    ctx.reporter.report(PY_TLS, { ...ctx.span(node), title: 'TLS host name check disabled' });
  }
}

export const tls: PyRule = { on: { keyword_argument: checkKeyword, attribute: checkAttribute, assignment: checkAssignment } };
