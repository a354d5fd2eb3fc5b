// Module bindings, so `exec` means child_process's exec and not RegExp#exec: imports and requires
// are recorded as the walk meets them (they come first in practice), and calls resolve through them.
//   import cp from 'node:child_process'         cp   → child_process
//   import { exec as run } from 'child_process'  run  → child_process.exec
//   const { execSync } = require('child_process') execSync → child_process.execSync
//   const run = util.promisify(cp.exec)          run  → child_process.exec
import ts from 'typescript';
import type { JsContext, JsRule } from './context';
import { calleeName, chainText, literalText, unwrap } from './syntax';

const moduleName = (spec: string) => (spec.startsWith('node:') ? spec.slice(5) : spec);

/** `require('x')` → 'x', `require('x').y` → 'x.y'. */
function requireTarget(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isCallExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'require') {
    const spec = literalText(u.arguments[0]);
    return spec === undefined ? undefined : moduleName(spec);
  }
  if (ts.isPropertyAccessExpression(u)) {
    const left = requireTarget(u.expression);
    return left === undefined ? undefined : `${left}.${u.name.text}`;
  }
  return undefined;
}

/** The qualified name of what `e` refers to: `cp.exec` → 'child_process.exec' when `cp` is bound. */
export function resolve(e: ts.Expression, ctx: JsContext): string | undefined {
  const required = requireTarget(e);
  if (required !== undefined) return required;
  const chain = chainText(e);
  if (chain === undefined) return undefined;
  const dot = chain.indexOf('.');
  const head = dot < 0 ? chain : chain.slice(0, dot);
  const bound = ctx.bindings.get(head);
  return bound === undefined ? chain : bound + (dot < 0 ? '' : chain.slice(dot));
}

export const resolveCallee = (call: ts.CallExpression | ts.NewExpression, ctx: JsContext) => resolve(call.expression, ctx);

export const bindingsRule: JsRule = {
  on: {
    [ts.SyntaxKind.ImportDeclaration]: (node, ctx) => {
      const decl = node as ts.ImportDeclaration;
      const spec = literalText(decl.moduleSpecifier as ts.Expression);
      const clause = decl.importClause;
      if (spec === undefined || !clause) return;
      const mod = moduleName(spec);
      if (clause.name) ctx.bindings.set(clause.name.text, mod);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) ctx.bindings.set(named.name.text, mod);
      else if (named) for (const el of named.elements) ctx.bindings.set(el.name.text, `${mod}.${(el.propertyName ?? el.name).text}`);
    },
    [ts.SyntaxKind.ImportEqualsDeclaration]: (node, ctx) => {
      const decl = node as ts.ImportEqualsDeclaration;
      if (ts.isExternalModuleReference(decl.moduleReference)) {
        const spec = literalText(decl.moduleReference.expression);
        if (spec !== undefined) ctx.bindings.set(decl.name.text, moduleName(spec));
      }
    },
    [ts.SyntaxKind.VariableDeclaration]: (node, ctx) => bindDeclaration(node as ts.VariableDeclaration, ctx),
  },
};

function bindDeclaration(decl: ts.VariableDeclaration, ctx: JsContext): void {
  const init = decl.initializer;
  if (!init) return;
  let target = requireTarget(init);
  const u = unwrap(init);
  if (target === undefined && ts.isCallExpression(u) && calleeName(u) === 'promisify' && u.arguments[0]) {
    target = resolve(u.arguments[0], ctx);
  }
  if (target === undefined) return;
  if (ts.isIdentifier(decl.name)) ctx.bindings.set(decl.name.text, target);
  else if (ts.isObjectBindingPattern(decl.name)) {
    for (const el of decl.name.elements) {
      const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (prop !== undefined && ts.isIdentifier(el.name)) ctx.bindings.set(el.name.text, `${target}.${prop}`);
    }
  }
}
