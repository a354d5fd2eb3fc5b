// Code built from strings at run time: `eval(x)`, `new Function(…, body)`, `setTimeout("code", t)`.
// Only a non-constant argument is flagged for eval/Function (a literal cannot carry someone
// else's input); a string passed to setTimeout/setInterval is flagged even when literal, because it
// is eval all the same (and breaks a strict Content-Security-Policy). `obj.eval(…)` (a method of
// some object, e.g. a template engine's) and `evaluate()` are not the global eval.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import type { JsContext, JsRule } from '../context';
import { chainText, isConstant, isStringish, unwrap } from '../syntax';

const GLOBALS = new Set(['window', 'globalThis', 'global', 'self']);

export const EVAL: RuleMeta = {
  id: 'js/eval', severity: 'high', category: 'security', cwe: 'CWE-95', confidence: 0.8,
  title: 'eval() of a computed string',
  message: 'Code passed to `eval` runs with the full rights of the page or process; if any part of the string comes from ' +
    'input, an attacker can run their own code. Parse data with `JSON.parse`, or replace the dynamic code with a lookup table or a function.',
};
export const NEW_FUNCTION: RuleMeta = {
  id: 'js/new-function', severity: 'high', category: 'security', cwe: 'CWE-95', confidence: 0.7,
  title: 'Function constructor with a computed body',
  message: '`new Function(…)` compiles its string arguments like `eval`. Build the behaviour from ordinary functions instead of source text.',
};
export const TIMER_STRING: RuleMeta = {
  id: 'js/timer-string', severity: 'medium', category: 'security', cwe: 'CWE-95', confidence: 0.8,
  title: 'String passed to setTimeout/setInterval',
  message: 'A string argument to `setTimeout`/`setInterval` is evaluated as code (like `eval`). Pass a function: `setTimeout(() => run(), ms)`.',
};

/** `eval`, `window.eval`, `globalThis.eval` → 'eval'; `obj.eval` → undefined. */
function globalName(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) {
    const obj = chainText(u.expression);
    return obj !== undefined && GLOBALS.has(obj) ? u.name.text : undefined;
  }
  return undefined;
}

function checkCall(node: ts.Node, ctx: JsContext): void {
  const call = node as ts.CallExpression | ts.NewExpression;
  const name = globalName(call.expression);
  const args: readonly ts.Expression[] = call.arguments ?? [];
  if (name === 'eval' && ts.isCallExpression(call) && args[0] && !isConstant(args[0])) ctx.reporter.report(EVAL, ctx.span(call));
  else if (name === 'Function' && args.some((a) => !isConstant(a))) ctx.reporter.report(NEW_FUNCTION, ctx.span(call));
  else if ((name === 'setTimeout' || name === 'setInterval') && args[0] && isStringish(args[0])) ctx.reporter.report(TIMER_STRING, ctx.span(call));
}

export const codeInjection: JsRule = {
  gate: /\beval\b|\bFunction\b|\bset(?:Timeout|Interval)\b/,
  on: { [ts.SyntaxKind.CallExpression]: checkCall, [ts.SyntaxKind.NewExpression]: checkCall },
};
