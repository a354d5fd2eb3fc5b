// What JS/TS rules see while the one tree walk runs: the source file, the ancestors of the current
// node (the parser runs without parent pointers, which is faster; the walk keeps the stack), the
// module bindings seen so far (`import cp from 'child_process'`), the names bound to request data,
// and the reporter.
import ts from 'typescript';
import type { Reporter } from '../finding';

export type Handler = (node: ts.Node, ctx: JsContext) => void;

/** A rule module: handlers by node kind; the engine indexes them once per process. */
export interface JsRule {
  on: Partial<Record<ts.SyntaxKind, Handler>>;
  /** A cheap test on the whole text: false means the rule cannot fire in this file, skip its handlers. */
  gate?: RegExp;
}

export class JsContext {
  /** Ancestors of the node being visited, root first. */
  readonly parents: ts.Node[] = [];
  /** Local name → module it came from (`cp` → `child_process`, `exec` → `child_process.exec`). */
  readonly bindings = new Map<string, string>();
  /** Local names initialized from request data (`const name = req.query.name`). */
  readonly tainted = new Set<string>();

  constructor(readonly sf: ts.SourceFile, readonly text: string, readonly reporter: Reporter) {}

  get parent(): ts.Node | undefined {
    return this.parents[this.parents.length - 1];
  }

  start(node: ts.Node): number {
    return node.getStart(this.sf);
  }

  /** `[start, end)` of a node without leading trivia, for `Reporter.report`. */
  span(node: ts.Node): { start: number; end: number } {
    return { start: this.start(node), end: node.end };
  }

  /** The nearest enclosing function-like ancestor. */
  enclosingFunction(): ts.SignatureDeclaration | undefined {
    for (let i = this.parents.length - 1; i >= 0; i--) {
      const p = this.parents[i]!;
      if (ts.isFunctionLike(p)) return p;
    }
    return undefined;
  }
}
