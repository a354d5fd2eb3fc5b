// SQL text assembled from data: a template with `${}` or a `+` concatenation whose constant parts
// read like SQL, with at least one non-constant part.
// - Anywhere in the code the constant parts must contain an upper-case statement shape
//   (`SELECT … FROM`, `INSERT INTO`, `UPDATE x SET`, `DELETE FROM`), so prose such as
//   "select a file from " + dir is not SQL.
// - As the first argument of `.query/.execute/.raw/.prepare/…` any case is accepted.
// Not flagged: tagged templates (sql`…` in slonik, postgres.js, Prisma parameterize them), values
// that are constants by convention (`${TABLE_NAME}`) or numbers (`${Number(id)}`), and placeholders
// with a separate values argument. Queries grown with `+=` in pieces are a known gap.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import type { JsContext, JsRule } from '../context';
import { calleeName, isConstant, unwrap } from '../syntax';

export const SQL_INJECTION: RuleMeta = {
  id: 'js/sql-injection', severity: 'high', category: 'security', cwe: 'CWE-89', confidence: 0.75,
  title: 'SQL built by string concatenation',
  message: 'Values spliced into SQL text can change the statement (`\' OR 1=1 --`). Use placeholders and pass the values ' +
    'separately: `db.query(\'SELECT * FROM users WHERE id = $1\', [id])`, or a query builder\'s bindings.',
};

const SHAPE = '\\b(?:SELECT\\s[\\s\\S]*?\\bFROM\\b|INSERT\\s+INTO\\b|UPDATE\\s+\\S+\\s+SET\\b|DELETE\\s+FROM\\b)';
const SQL_UPPER = new RegExp(SHAPE);
const SQL_ANY_CASE = new RegExp(SHAPE, 'i');
const SINKS = new Set(['query', 'execute', 'raw', 'prepare', 'exec', 'run', 'all', 'unsafe', 'queryRaw', 'executeRaw',
  '$queryRawUnsafe', '$executeRawUnsafe', 'queryRawUnsafe']);

/** Constants by convention or by conversion: `TABLE_NAME`, `this.TABLE`, `Number(x)`, `parseInt(x)`. */
function isSafeValue(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (isConstant(u)) return true;
  if (ts.isIdentifier(u)) return /^[A-Z][A-Z0-9_]*$/.test(u.text);
  if (ts.isPropertyAccessExpression(u)) return /^[A-Z][A-Z0-9_]*$/.test(u.name.text);
  if (ts.isCallExpression(u)) return ['Number', 'parseInt', 'parseFloat'].includes(calleeName(u) ?? '');
  return false;
}

/** Constant text and dynamic parts of a `+` chain or template (through parentheses). */
function parts(e: ts.Expression, text: string[], dynamic: ts.Expression[]): void {
  const u = unwrap(e);
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    parts(u.left, text, dynamic);
    parts(u.right, text, dynamic);
  } else if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) text.push(u.text);
  else if (ts.isTemplateExpression(u)) {
    text.push(u.head.text);
    for (const span of u.templateSpans) {
      if (!isSafeValue(span.expression)) dynamic.push(span.expression);
      text.push(span.literal.text);
    }
  } else if (!isSafeValue(u)) dynamic.push(u);
  else text.push(' ');
}

function isSinkArgument(node: ts.Node, ctx: JsContext): boolean {
  let child = node;
  for (let i = ctx.parents.length - 1; i >= 0; i--) {
    const p = ctx.parents[i]!;
    if (ts.isParenthesizedExpression(p)) { child = p; continue; }
    return ts.isCallExpression(p) && p.arguments[0] === child && SINKS.has(calleeName(p) ?? '');
  }
  return false;
}

/** Only the outermost `+` of a chain reports (through parentheses), so a query is one finding. */
function isInnerPart(ctx: JsContext): boolean {
  for (let i = ctx.parents.length - 1; i >= 0; i--) {
    const p = ctx.parents[i]!;
    if (ts.isParenthesizedExpression(p)) continue;
    return ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken;
  }
  return false;
}

function check(node: ts.Node, ctx: JsContext): void {
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind !== ts.SyntaxKind.PlusToken || isInnerPart(ctx))) return;
  if (ts.isTemplateExpression(node) && (ctx.parent && ts.isTaggedTemplateExpression(ctx.parent) || isInnerPart(ctx))) return;
  const text: string[] = [];
  const dynamic: ts.Expression[] = [];
  parts(node as ts.Expression, text, dynamic);
  if (!dynamic.length || !text.length) return;
  const sql = text.join(' ');
  if (SQL_UPPER.test(sql) || (isSinkArgument(node, ctx) && SQL_ANY_CASE.test(sql))) ctx.reporter.report(SQL_INJECTION, ctx.span(node));
}

export const sqlInjection: JsRule = {
  gate: /\b(?:select|insert|update|delete)\b/i,
  on: { [ts.SyntaxKind.BinaryExpression]: check, [ts.SyntaxKind.TemplateExpression]: check },
};
