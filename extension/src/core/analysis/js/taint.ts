// Where request data flows, as far as one file's syntax shows without type information:
// - member chains rooted at a request object: `req.params.x`, `request.query`, `ctx.request.body`,
//   `event.queryStringParameters` (Express, Koa, Fastify, AWS Lambda), and `req.param('x')`/`req.get()`;
// - local names initialized from those (`const { file } = req.query`, `const name = req.body.name`),
//   recorded in source order as the walk meets their declarations.
// No flow through function calls, assignments after declaration, or other files: a deliberate
// under-approximation, so a finding here is most likely real.
import ts from 'typescript';
import type { JsContext } from './context';
import { chainText, some, unwrap } from './syntax';

/** Files without any of these cannot read request data the way this module recognizes. */
export const REQUEST_GATE = /\b(?:req|request|ctx|event)\s*\??\.\s*(?:params|query|body|headers|cookies|files?|originalUrl|url|path|request|param|get|header|queryStringParameters|pathParameters)\b/;

const ROOTS = new Set(['req', 'request', 'ctx.request', 'ctx', 'event']);
const PARTS = new Set(['params', 'query', 'body', 'headers', 'cookies', 'files', 'file', 'originalUrl', 'url', 'path',
  'queryStringParameters', 'pathParameters']);
const ACCESSORS = new Set(['param', 'get', 'header']);

function isRequestChain(chain: string): boolean {
  const dot = chain.lastIndexOf('.');
  if (dot < 0) return false;
  // any prefix `root.part` of the chain
  const segments = chain.split('.');
  for (let i = 1; i < segments.length; i++) {
    if (PARTS.has(segments[i]!) && ROOTS.has(segments.slice(0, i).join('.'))) return true;
  }
  return false;
}

/** True when `expr` (anywhere inside) reads request data or a name initialized from it. */
export function readsRequest(expr: ts.Node, ctx: JsContext): boolean {
  return some(expr, (n) => {
    if (ts.isIdentifier(n)) return ctx.tainted.has(n.text);
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      const chain = chainText(n);
      return chain !== undefined && isRequestChain(chain);
    }
    if (ts.isCallExpression(n)) {
      const callee = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(callee) && ACCESSORS.has(callee.name.text)) {
        const obj = chainText(callee.expression);
        return obj !== undefined && ROOTS.has(obj);
      }
    }
    return false;
  });
}

/** Records the names a declaration binds from request data. */
export function recordTaint(decl: ts.VariableDeclaration, ctx: JsContext): void {
  if (!decl.initializer || !readsRequest(decl.initializer, ctx)) return;
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) ctx.tainted.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  bind(decl.name);
}
