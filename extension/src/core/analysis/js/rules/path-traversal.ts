// Path traversal: a file-system call (read, write, delete, stream, `res.sendFile`/`res.download`)
// whose path comes from the request. Two heuristics, both conservative:
// 1. The path expression reads request data (`req.params/query/body…`, see taint.ts) → high.
// 2. The path joins a base with a parameter of the enclosing function named like a file or path
//    (`path.join(UPLOADS, fileName)`, `dir + '/' + name`) → medium. A bare `readFile(filePath)`
//    is not flagged: there the caller chose the whole path, nothing is being confined.
// Not flagged when the expression applies `basename(…)`, when the function checks containment
// (`.startsWith(`, `path.relative(`, `includes('..')` anywhere in it), or when `sendFile` gets a
// `root` option (Express then refuses `..`). `path.normalize`/`path.join` alone do NOT make it safe.
import ts from 'typescript';
import type { RuleMeta } from '../../types';
import { resolveCallee } from '../bindings';
import type { JsContext, JsRule } from '../context';
import { calleeName, chainText, some, unwrap } from '../syntax';
import { readsRequest } from '../taint';

export const PATH_TRAVERSAL: RuleMeta = {
  id: 'js/path-traversal', severity: 'high', category: 'security', cwe: 'CWE-22', confidence: 0.7,
  title: 'File path built from request data',
  message: 'A name like `../../etc/passwd` escapes the intended directory. Reduce it with `path.basename`, or resolve it and ' +
    'check it stays inside the base: `const p = path.resolve(base, name); if (!p.startsWith(base + path.sep)) throw …`.',
};

const FS_CALLS = new Set(['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream',
  'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'copyFile', 'copyFileSync', 'rename', 'renameSync']);
const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'fs.promises', 'fsp', 'fse', 'fsPromises', 'promises']);
const RESPONSE_CALLS = new Set(['sendFile', 'download']);
const RESPONSES = new Set(['res', 'response', 'reply', 'ctx.res']);
const PATH_PARAM = /(?:path|file|filename|fname|name|dir|folder)$/i;
const CONTAINMENT = /\.startsWith\(|path\.relative\(|\.includes\(['"]\.\.['"]\)|isPathInside|realpath/;

function isSink(call: ts.CallExpression, ctx: JsContext): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  if (RESPONSE_CALLS.has(name)) {
    const callee = unwrap(call.expression);
    return ts.isPropertyAccessExpression(callee) && RESPONSES.has(chainText(callee.expression) ?? '');
  }
  if (!FS_CALLS.has(name)) return false;
  const target = resolveCallee(call, ctx);
  if (target === undefined) return false;
  const owner = target.slice(0, target.length - name.length - 1);
  return FS_MODULES.has(owner) || owner.endsWith('.promises');
}

const callsBasename = (e: ts.Node) => some(e, (n) => ts.isCallExpression(n) && calleeName(n) === 'basename');

/** A function parameter named like a path, used inside a join/concatenation/template with something else. */
function joinsPathParameter(e: ts.Expression, ctx: JsContext): boolean {
  const fn = ctx.enclosingFunction();
  if (!fn) return false;
  const params = new Set(fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')).filter((n) => PATH_PARAM.test(n)));
  if (!params.size) return false;
  const u = unwrap(e);
  const combines = ts.isTemplateExpression(u) || (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
    || (ts.isCallExpression(u) && ['join', 'resolve'].includes(calleeName(u) ?? '') && u.arguments.length > 1);
  return combines && some(u, (n) => ts.isIdentifier(n) && params.has(n.text));
}

function check(node: ts.Node, ctx: JsContext): void {
  const call = node as ts.CallExpression;
  const target = call.arguments[0];
  if (!target || !isSink(call, ctx) || callsBasename(target)) return;
  const options = call.arguments[1] && unwrap(call.arguments[1]);
  if (options && ts.isObjectLiteralExpression(options) && options.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'root')) return;
  const fromRequest = readsRequest(target, ctx);
  if (!fromRequest && !joinsPathParameter(target, ctx)) return;
  const fn = ctx.enclosingFunction();
  if (fn && CONTAINMENT.test(ctx.text.slice(fn.pos, fn.end))) return;
  ctx.reporter.report(PATH_TRAVERSAL, fromRequest ? ctx.span(call) : {
    ...ctx.span(call), title: 'File path built from a function parameter',
    detail: 'The name comes from a parameter of this function; if callers pass user input, it can contain `..`.',
  });
}

export const pathTraversal: JsRule = { gate: /\b(?:readFile|writeFile|appendFile|createReadStream|createWriteStream|unlink|rm|readdir|copyFile|rename)(?:Sync)?\b|sendFile|download/, on: { [ts.SyntaxKind.CallExpression]: check } };
