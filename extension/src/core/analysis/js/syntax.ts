// Small questions rules ask about expressions: is it a constant string, what is called, which
// member chain is this. Kept free of rule policy.
import ts from 'typescript';

export const unwrap = (n: ts.Expression): ts.Expression => {
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n)
    || ts.isSatisfiesExpression(n)) n = n.expression;
  return n;
};

/** A value fixed at write time: string/number literals, templates without `${}`, and `+` of those. */
export function isConstant(node: ts.Expression): boolean {
  const n = unwrap(node);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isNumericLiteral(n)) return true;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return isConstant(n.left) && isConstant(n.right);
  return false;
}

export const isStringish = (n: ts.Expression): boolean => {
  const u = unwrap(n);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) || ts.isTemplateExpression(u)
    || (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringish(u.left) || isStringish(u.right)));
};

/** `eval` for `eval(x)`, `exec` for `cp.exec(x)` and `cp['exec'](x)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = unwrap(call.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

/** `cp` for `cp.exec(x)`, `fs.promises` for `fs.promises.readFile(x)`, undefined for a bare call. */
export function calleeObject(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return chainText(e.expression);
  return undefined;
}

/** `req.query.file` → 'req.query.file'; `this.x` → 'this.x'; anything else undefined. */
export function chainText(n: ts.Expression): string | undefined {
  const u = unwrap(n);
  if (ts.isIdentifier(u)) return u.text;
  if (u.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(u)) {
    const left = chainText(u.expression);
    return left === undefined ? undefined : `${left}.${u.name.text}`;
  }
  if (ts.isElementAccessExpression(u) && ts.isStringLiteral(u.argumentExpression)) {
    const left = chainText(u.expression);
    return left === undefined ? undefined : `${left}.${u.argumentExpression.text}`;
  }
  return undefined;
}

/** The text of a literal's contents, or undefined when it is not a plain string literal. */
export function literalText(n: ts.Expression | undefined): string | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

/** The name a declaration-ish node binds: variable, property, parameter, class member, function. */
export function bindingName(n: ts.Node): string | undefined {
  const name = (n as { name?: ts.Node }).name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** Visits every node of `n`'s subtree (including `n`) until `visit` returns true. */
export function some(n: ts.Node, visit: (n: ts.Node) => boolean): boolean {
  if (visit(n)) return true;
  return ts.forEachChild(n, (c) => (some(c, visit) ? true : undefined)) ?? false;
}
