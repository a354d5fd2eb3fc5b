// Function metrics for Python (every `def`, methods named `Class.method`).
// Cyclomatic complexity = 1 + if, elif, for, while, except, each `and`/`or`, conditional
// expressions, comprehension `for` and `if` clauses, and `case` clauses. Nested defs are their own
// scope; lambdas count toward the def around them. Parameters exclude a leading `self`/`cls` and
// the bare `*` and `/` separators.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Reporter } from '../finding';
import { reportMetric } from '../metrics-findings';
import type { FunctionMetric } from '../types';

export const PY_DECISIONS = new Set(['if_statement', 'elif_clause', 'for_statement', 'while_statement', 'except_clause', 'boolean_operator',
  'conditional_expression', 'for_in_clause', 'if_clause', 'case_clause']);

interface Scope { node: Node; depth: number; decisions: number }

export class PyMetrics {
  readonly metrics: FunctionMetric[] = [];
  private readonly scopes: Scope[] = [];

  constructor(private readonly reporter: Reporter) {}

  decision(): void {
    const top = this.scopes[this.scopes.length - 1];
    if (top) top.decisions++;
  }

  enterFunction(node: Node, depth: number): void {
    this.scopes.push({ node, depth, decisions: 0 });
  }

  /** Closes the functions that ended before a node at `depth` (all of them when depth is -1). */
  closeTo(depth: number): void {
    for (let top = this.scopes.at(-1); top && top.depth >= depth; top = this.scopes.at(-1)) {
      this.scopes.pop();
      this.finish(top);
    }
  }

  private finish(scope: Scope): void {
    const { node } = scope;
    const nameNode = node.childForFieldName('name');
    const range = this.reporter.lines.range(node.startIndex, node.endIndex);
    const metric: FunctionMetric = {
      name: qualifiedName(node, nameNode?.text ?? '<anonymous>'), range, cyclomatic: 1 + scope.decisions,
      lines: range.endLine - range.startLine + 1, parameters: countParameters(node),
    };
    this.metrics.push(metric);
    reportMetric(this.reporter, metric, nameNode?.startIndex ?? node.startIndex, nameNode?.endIndex ?? node.startIndex + 3);
  }
}

function qualifiedName(fn: Node, name: string): string {
  const cls = fn.parent?.type === 'block' ? fn.parent.parent : fn.parent?.type === 'decorated_definition' ? fn.parent.parent?.parent : null;
  const className = cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
  return className ? `${className}.${name}` : name;
}

function countParameters(fn: Node): number {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && p.type !== 'comment'
    && p.type !== 'positional_separator' && p.type !== 'keyword_separator');
  const first = params[0];
  const isMethodSelf = first?.type === 'identifier' && (first.text === 'self' || first.text === 'cls');
  return params.length - (isMethodSelf ? 1 : 0);
}
