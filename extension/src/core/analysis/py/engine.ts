// The Python analyzer: one tree-sitter parse, one TreeCursor walk (cheap: no Node object is made
// unless a rule or the metrics want that node), handlers dispatched by node type.
import type { Parser } from '@vscode/tree-sitter-wasm';
import type { Reporter } from '../finding';
import type { FunctionMetric } from '../types';
import { bindingsRule } from './bindings';
import { PyContext, type PyHandler, type PyRule } from './context';
import { PY_DECISIONS, PyMetrics } from './metrics';
import { credentials } from './rules/credentials';
import { crypto } from './rules/crypto';
import { deserialization } from './rules/deserialization';
import { injection } from './rules/injection';
import { pathTraversal } from './rules/path-traversal';
import { tls } from './rules/tls';

export const PY_RULES: readonly PyRule[] = [bindingsRule, injection, crypto, tls, deserialization, pathTraversal, credentials];

let table: Map<string, PyHandler[]> | undefined;
function handlers(): Map<string, PyHandler[]> {
  if (table) return table;
  table = new Map();
  for (const rule of PY_RULES) {
    for (const [type, h] of Object.entries(rule.on)) table.set(type, [...(table.get(type) ?? []), h]);
  }
  return table;
}

export function analyzePython(parser: Parser, text: string, reporter: Reporter): FunctionMetric[] {
  const tree = parser.parse(text);
  if (!tree) return [];
  const ctx = new PyContext(text, reporter);
  const metrics = new PyMetrics(reporter);
  const byType = handlers();
  const cursor = tree.walk();
  try {
    let depth = 0;
    for (;;) {
      if (cursor.nodeIsNamed) {
        const type = cursor.nodeType;
        if (PY_DECISIONS.has(type)) metrics.decision();
        const hs = byType.get(type);
        if (hs || type === 'function_definition') {
          const node = cursor.currentNode;
          if (type === 'function_definition') metrics.enterFunction(node, depth);
          if (hs) for (const h of hs) h(node, ctx);
        }
      }
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      let done = false;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
        depth--;
      }
      if (done) break;
      metrics.closeTo(depth);
    }
    metrics.closeTo(-1);
  } finally {
    cursor.delete();
    tree.delete();
  }
  return metrics.metrics;
}
