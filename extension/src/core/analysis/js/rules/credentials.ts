// Hard-coded credentials in JS/TS: a string literal bound to a secret-sounding name in a variable,
// property, class field or assignment (policy in ../../credentials.ts).
import ts from 'typescript';
import { checkCredential } from '../../credentials';
import type { JsContext, JsRule } from '../context';
import { bindingName, chainText, unwrap } from '../syntax';

function literal(e: ts.Expression | undefined): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u : undefined;
}

function report(name: string | undefined, value: ts.Expression | undefined, ctx: JsContext): void {
  const lit = literal(value);
  if (name === undefined || !lit) return;
  const start = lit.getStart(ctx.sf) + 1;
  checkCredential(ctx.reporter, name, lit.text, start, lit.end - 1);
}

const declared = (node: ts.Node, ctx: JsContext) => {
  const d = node as ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration;
  report(bindingName(d), d.initializer, ctx);
};

export const credentials: JsRule = {
  gate: /pass|secret|token|key|pat\b/i,
  on: {
    [ts.SyntaxKind.VariableDeclaration]: declared,
    [ts.SyntaxKind.PropertyAssignment]: declared,
    [ts.SyntaxKind.PropertyDeclaration]: declared,
    [ts.SyntaxKind.BinaryExpression]: (node, ctx) => {
      const b = node as ts.BinaryExpression;
      if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken && literal(b.right)) report(chainText(b.left)?.split('.').at(-1), b.right, ctx);
    },
  },
};
