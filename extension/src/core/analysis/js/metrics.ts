// Function metrics for JS/TS, gathered during the same walk as the rules.
// Cyclomatic complexity = 1 + decision points: if, ?:, for/for-in/for-of/while/do, each `case`
// (not `default`), catch, and each &&, ||, ?? (and their assignment forms). Every function is its
// own scope (a callback's branches do not count for the function around it), but only named
// functions are reported: declarations, methods, constructors, accessors, and function/arrow
// expressions assigned to a variable, property, class field or `export default`. Parameters
// exclude TypeScript's `this` parameter.
import ts from 'typescript';
import type { Reporter } from '../finding';
import { reportMetric } from '../metrics-findings';
import type { FunctionMetric } from '../types';
import { bindingName, chainText } from './syntax';

const LOGICAL = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken]);

const DECISIONS = new Set([ts.SyntaxKind.IfStatement, ts.SyntaxKind.ConditionalExpression, ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.CaseClause, ts.SyntaxKind.CatchClause]);

interface Scope { node: ts.Node; name: string | undefined; nameNode: ts.Node | undefined; decisions: number }

export class JsMetrics {
  readonly metrics: FunctionMetric[] = [];
  private readonly scopes: Scope[] = [];

  constructor(private readonly sf: ts.SourceFile, private readonly reporter: Reporter) {}

  enter(node: ts.Node, parent: ts.Node | undefined): void {
    const kind = node.kind;
    if (DECISIONS.has(kind) || (kind === ts.SyntaxKind.BinaryExpression && LOGICAL.has((node as ts.BinaryExpression).operatorToken.kind))) {
      const top = this.scopes[this.scopes.length - 1];
      if (top) top.decisions++;
    } else if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const [name, nameNode] = functionName(node, parent);
      this.scopes.push({ node, name, nameNode, decisions: 0 });
    }
  }

  exit(node: ts.Node): void {
    const top = this.scopes[this.scopes.length - 1];
    if (!top || top.node !== node) return;
    this.scopes.pop();
    if (top.name === undefined) return;
    const fn = node as ts.FunctionLikeDeclaration;
    const start = node.getStart(this.sf);
    const range = this.reporter.lines.range(start, node.end);
    const parameters = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).length;
    const metric: FunctionMetric = { name: top.name, range, cyclomatic: 1 + top.decisions, lines: range.endLine - range.startLine + 1, parameters };
    this.metrics.push(metric);
    const nameNode = top.nameNode ?? node;
    const nameStart = nameNode.getStart(this.sf);
    const lineEnd = this.sf.text.indexOf('\n', nameStart);
    reportMetric(this.reporter, metric, nameStart, top.nameNode ? nameNode.end : Math.min(node.end, lineEnd < 0 ? node.end : lineEnd));
  }
}

function functionName(node: ts.Node, parent: ts.Node | undefined): [string | undefined, ts.Node | undefined] {
  const own = (node as { name?: ts.Node }).name;
  const ownName = bindingName(node);
  if (ts.isConstructorDeclaration(node)) return [qualify('constructor', parent), undefined];
  if (ts.isFunctionDeclaration(node) && !own) return ['default', undefined];
  if (ownName !== undefined && !ts.isFunctionExpression(node)) return [qualify(ownName, parent), own];
  if (!parent) return [ownName, own];
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    const n = bindingName(parent);
    if (n !== undefined) return [ts.isPropertyDeclaration(parent) ? qualify(n, parent.parent) : n, parent.name];
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const n = chainText(parent.left);
    if (n !== undefined) return [n, parent.left];
  }
  if (ts.isExportAssignment(parent)) return ['default', undefined];
  return [ownName, own];
}

/** `Class.method` for class members with a class name. */
function qualify(name: string, container: ts.Node | undefined): string {
  if (container && (ts.isClassDeclaration(container) || ts.isClassExpression(container)) && container.name) return `${container.name.text}.${name}`;
  return name;
}
