// HTML sinks fed with non-constant data: `el.innerHTML = x` (and outerHTML, `+=`),
// `el.insertAdjacentHTML(pos, x)`, `document.write(x)`, and React's `dangerouslySetInnerHTML={{ __html: x }}`.
// Constant strings are fine. A value passed through a function whose name says it sanitizes or
// escapes (`DOMPurify.sanitize`, `escapeHtml`, `he.encode`) is trusted: we cannot check the
// sanitizer, but the author visibly thought about it.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import type { JsContext, JsRule } from '../context';
import { calleeName, chainText, isConstant, unwrap } from '../syntax';

const ADVICE = 'Use `textContent` (or the framework\'s normal text binding) for text, or sanitize the HTML first (e.g. `DOMPurify.sanitize`).';
export const INNER_HTML: RuleMeta = {
  id: 'js/inner-html', severity: 'medium', category: 'security', cwe: 'CWE-79', confidence: 0.6,
  title: 'HTML built from non-constant data',
  message: `Data written as HTML is parsed as markup: a \`<img onerror=…>\` in it runs script in your page (XSS). ${ADVICE}`,
};
export const DANGEROUS_HTML: RuleMeta = {
  id: 'js/dangerously-set-inner-html', severity: 'medium', category: 'security', cwe: 'CWE-79', confidence: 0.6,
  title: 'dangerouslySetInnerHTML with non-constant HTML',
  message: `React inserts \`__html\` without escaping, so markup in the data runs as script (XSS). ${ADVICE}`,
};

const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML']);
const SANITIZER = /sanitiz|escape|purify|encode/i;

function isSafe(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (isConstant(u)) return true;
  return ts.isCallExpression(u) && SANITIZER.test(calleeName(u) ?? '');
}

function checkAssignment(node: ts.Node, ctx: JsContext): void {
  const b = node as ts.BinaryExpression;
  const op = b.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.PlusEqualsToken) return;
  const left = unwrap(b.left);
  if (ts.isPropertyAccessExpression(left) && HTML_PROPERTIES.has(left.name.text) && !isSafe(b.right)) {
    ctx.reporter.report(INNER_HTML, ctx.span(b));
  }
}

function checkCall(node: ts.Node, ctx: JsContext): void {
  const call = node as ts.CallExpression;
  const name = calleeName(call);
  if (name === 'insertAdjacentHTML') {
    const html = call.arguments[1];
    if (html && !isSafe(html)) ctx.reporter.report(INNER_HTML, ctx.span(call));
  } else if (name === 'write' || name === 'writeln') {
    const callee = unwrap(call.expression);
    const obj = ts.isPropertyAccessExpression(callee) ? chainText(callee.expression) : undefined;
    if ((obj === 'document' || obj === 'window.document') && call.arguments.some((a) => !isSafe(a))) {
      ctx.reporter.report(INNER_HTML, ctx.span(call));
    }
  }
}

function checkJsx(node: ts.Node, ctx: JsContext): void {
  const attr = node as ts.JsxAttribute;
  if (!ts.isIdentifier(attr.name) || attr.name.text !== 'dangerouslySetInnerHTML') return;
  const init = attr.initializer;
  if (!init || !ts.isJsxExpression(init) || !init.expression) return;
  const value = unwrap(init.expression);
  if (ts.isObjectLiteralExpression(value)) {
    const html = value.properties.find((p) => ts.isPropertyAssignment(p) && (p.name as ts.Identifier).text === '__html') as
      ts.PropertyAssignment | undefined;
    if (!html || isSafe(html.initializer)) return;
  }
  ctx.reporter.report(DANGEROUS_HTML, ctx.span(attr));
}

export const xss: JsRule = {
  gate: /innerHTML|outerHTML|insertAdjacentHTML|\.write(?:ln)?\s*\(|dangerouslySetInnerHTML/,
  on: {
    [ts.SyntaxKind.BinaryExpression]: checkAssignment,
    [ts.SyntaxKind.CallExpression]: checkCall,
    [ts.SyntaxKind.JsxAttribute]: checkJsx,
  },
};
