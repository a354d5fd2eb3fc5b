// The JS/TS analyzer: one parse with the TypeScript compiler's parser (no type checker, no program:
// a syntax tree only, which is what makes it fast), one depth-first walk, and every rule's handlers
// dispatched by node kind from a table built once per process.
import ts from 'typescript';
import type { Reporter } from '../finding';
import type { FunctionMetric } from '../types';
import { bindingsRule } from './bindings';
import { JsContext, type Handler, type JsRule } from './context';
import { JsMetrics } from './metrics';
import { codeInjection } from './rules/code-injection';
import { commandInjection } from './rules/command-injection';
import { credentials } from './rules/credentials';
import { crypto } from './rules/crypto';
import { pathTraversal } from './rules/path-traversal';
import { sqlInjection } from './rules/sql-injection';
import { tls } from './rules/tls';
import { xss } from './rules/xss';
import { recordTaint, REQUEST_GATE } from './taint';

const taintRule: JsRule = { gate: REQUEST_GATE, on: { [ts.SyntaxKind.VariableDeclaration]: (n, ctx) => recordTaint(n as ts.VariableDeclaration, ctx) } };

/** Order matters only for bookkeeping: bindings and taint are recorded before rules read them. */
export const JS_RULES: readonly JsRule[] = [bindingsRule, taintRule, codeInjection, commandInjection, sqlInjection, xss, crypto, tls,
  pathTraversal, credentials];

type Entry = { rule: number; handler: Handler };
let table: (Entry[] | undefined)[] | undefined;
function handlers(): (Entry[] | undefined)[] {
  if (table) return table;
  table = [];
  JS_RULES.forEach((rule, i) => {
    for (const [kind, handler] of Object.entries(rule.on)) (table![Number(kind)] ??= []).push({ rule: i, handler: handler as Handler });
  });
  return table;
}

function scriptKind(path: string, jsx: boolean, typescript: boolean): ts.ScriptKind {
  if (typescript) return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  // .js files may hold JSX (React); the JS variant of the parser accepts it.
  return path.endsWith('.jsx') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

export function analyzeJs(path: string, text: string, opts: { typescript: boolean; jsx: boolean }, reporter: Reporter): FunctionMetric[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKind(path, opts.jsx, opts.typescript));
  const ctx = new JsContext(sf, text, reporter);
  const metrics = new JsMetrics(sf, reporter);
  const byKind = handlers();
  // per-file gates: most files cannot trigger most rules, and a regex over the text is cheaper than
  // the handlers' work on every call and assignment
  const enabled = JS_RULES.map((r) => !r.gate || r.gate.test(text));
  const parents = ctx.parents;
  const visit = (node: ts.Node): undefined => {
    const hs = byKind[node.kind];
    if (hs) for (const e of hs) if (enabled[e.rule]) e.handler(node, ctx);
    metrics.enter(node, parents[parents.length - 1]);
    parents.push(node);
    ts.forEachChild(node, visit);
    parents.pop();
    metrics.exit(node);
    return undefined;
  };
  visit(sf);
  return metrics.metrics;
}
