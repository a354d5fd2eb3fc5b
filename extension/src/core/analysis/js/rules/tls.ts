// TLS certificate verification turned off: `rejectUnauthorized: false` (https, tls, ws, pg…),
// `strictSSL: false` (request), and `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` (the whole
// process). Fix: `false` → `true` for the options (mechanical, and what the option's default is);
// none for the environment variable (the line should go, a human decides).
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import type { JsContext, JsRule } from '../context';
import { bindingName, chainText, literalText, unwrap } from '../syntax';

export const TLS_DISABLED: RuleMeta = {
  id: 'js/tls-disabled', severity: 'high', category: 'security', cwe: 'CWE-295', confidence: 0.9,
  title: 'TLS certificate verification disabled',
  message: 'Without certificate verification anyone on the network path can impersonate the server and read or change the ' +
    'traffic. Keep verification on; for a private CA pass its certificate (`ca: fs.readFileSync(\'ca.pem\')`) or set `NODE_EXTRA_CA_CERTS`.',
};

const OPTIONS = new Set(['rejectUnauthorized', 'strictSSL']);

function reportOption(node: ts.Node, value: ts.Expression, ctx: JsContext): void {
  const start = value.getStart(ctx.sf);
  ctx.reporter.report(TLS_DISABLED, {
    ...ctx.span(node), fix: { description: 'Turn certificate verification back on', start, end: value.end, replacement: 'true' },
  });
}

function checkProperty(node: ts.Node, ctx: JsContext): void {
  const p = node as ts.PropertyAssignment;
  const name = bindingName(p);
  if (name !== undefined && OPTIONS.has(name) && unwrap(p.initializer).kind === ts.SyntaxKind.FalseKeyword) reportOption(p, unwrap(p.initializer), ctx);
}

function checkAssignment(node: ts.Node, ctx: JsContext): void {
  const b = node as ts.BinaryExpression;
  if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const rightKind = unwrap(b.right).kind;
  if (rightKind !== ts.SyntaxKind.FalseKeyword && rightKind !== ts.SyntaxKind.StringLiteral && rightKind !== ts.SyntaxKind.NumericLiteral) return;
  const left = chainText(b.left);
  if (left === undefined) return;
  const right = unwrap(b.right);
  if (OPTIONS.has(left.split('.').at(-1)!) && right.kind === ts.SyntaxKind.FalseKeyword) reportOption(b, right, ctx);
  else if (left === 'process.env.NODE_TLS_REJECT_UNAUTHORIZED' && (literalText(right) === '0' || (ts.isNumericLiteral(right) && right.text === '0'))) {
    ctx.reporter.report(TLS_DISABLED, { ...ctx.span(b), title: 'TLS verification disabled for the whole process' });
  }
}

export const tls: JsRule = {
  gate: /rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED/,
  on: { [ts.SyntaxKind.PropertyAssignment]: checkProperty, [ts.SyntaxKind.BinaryExpression]: checkAssignment },
};
