// Shell commands built from data. `exec`/`execSync` always go through a shell; `spawn`/`execFile`
// (and their Sync forms) only with `shell: true` (or a shell path). A command that is a constant
// string is fine; a variable, a template with `${}` or a concatenation is flagged, because nothing
// here proves it is free of `;`, `|`, `$()`. Calls resolve through imports/requires of
// `child_process`, so `regex.exec(s)` is never mistaken for it.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import { resolveCallee } from '../bindings';
import type { JsContext, JsRule } from '../context';
import { calleeName, isConstant, unwrap } from '../syntax';

export const COMMAND_INJECTION: RuleMeta = {
  id: 'js/command-injection', severity: 'high', category: 'security', cwe: 'CWE-78', confidence: 0.7,
  title: 'Shell command built from non-constant data',
  message: 'The command string goes to a shell, so any `;`, `|`, `&&` or `$(…)` in the data runs as a command. Use ' +
    '`execFile`/`spawn` with the program and an argument array (no `shell` option), and validate the arguments.',
};

const NAMES = new Set(['exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync']);
const ALWAYS_SHELL = new Set(['child_process.exec', 'child_process.execSync']);
const SHELL_OPTION = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync']);

function usesShell(args: readonly ts.Expression[]): boolean {
  return args.some((a) => {
    const u = unwrap(a);
    return ts.isObjectLiteralExpression(u) && u.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)
      && p.name.text === 'shell' && p.initializer.kind !== ts.SyntaxKind.FalseKeyword);
  });
}

function check(node: ts.Node, ctx: JsContext): void {
  const call = node as ts.CallExpression;
  const name = calleeName(call) ?? '';
  if (!NAMES.has(name) && !ctx.bindings.has(name)) return; // cheap reject before resolving
  const target = resolveCallee(call, ctx);
  if (target === undefined) return;
  const [cmd, second] = call.arguments;
  if (!cmd) return;
  if (ALWAYS_SHELL.has(target)) {
    if (!isConstant(cmd)) ctx.reporter.report(COMMAND_INJECTION, ctx.span(call));
  } else if (SHELL_OPTION.has(target) && usesShell(call.arguments)) {
    const argv = second && ts.isArrayLiteralExpression(unwrap(second)) ? (unwrap(second) as ts.ArrayLiteralExpression).elements : [];
    if (!isConstant(cmd) || argv.some((a) => !isConstant(a))) ctx.reporter.report(COMMAND_INJECTION, ctx.span(call));
  }
}

export const commandInjection: JsRule = { gate: /child_process/, on: { [ts.SyntaxKind.CallExpression]: check } };
