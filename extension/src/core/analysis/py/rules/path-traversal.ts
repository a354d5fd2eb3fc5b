// Path traversal in Python: `open`, `os.remove/unlink`, `shutil.rmtree/copy*`, Flask `send_file`,
// Starlette/Django `FileResponse`, with a path that (1) reads request data (`request.args/form/
// values/files/json/GET/POST…`, or a name assigned from it earlier in the file) → high; or (2) joins
// a base with a parameter of the enclosing function named like a file/path (`os.path.join(BASE,
// filename)`, f"{BASE}/{name}") → medium (route parameters arrive this way). Not flagged with
// `secure_filename(…)`/`basename(…)` in the expression, or a containment check in the function
// (`startswith(`, `is_relative_to(`, `commonpath(`). `send_from_directory` is the safe API.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleMeta } from '../../types';
import { callArgs, type PyContext, type PyRule } from '../context';

export const PY_PATH: RuleMeta = {
  id: 'py/path-traversal', severity: 'high', category: 'security', cwe: 'CWE-22', confidence: 0.7,
  title: 'File path built from request data',
  message: 'A name like `../../etc/passwd` escapes the intended directory. Use `werkzeug.utils.secure_filename` or ' +
    '`os.path.basename`, or resolve the path and check `resolved.is_relative_to(base)`; Flask\'s `send_from_directory` does this for you.',
};

const SINKS = new Set(['open', 'io.open', 'os.open', 'os.remove', 'os.unlink', 'os.rmdir', 'shutil.rmtree', 'shutil.copy', 'shutil.copyfile',
  'shutil.move', 'send_file', 'flask.send_file', 'FileResponse', 'starlette.responses.FileResponse', 'fastapi.responses.FileResponse',
  'django.http.FileResponse']);
const PATH_PARAM = /(?:path|file|filename|fname|name|dir|folder)$/i;
const SAFE_CALL = /\b(?:secure_filename|basename)\(/;
const CONTAINMENT = /\.startswith\(|is_relative_to\(|commonpath\(/;

function enclosingFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return null;
}

function parameterNames(fn: Node): Set<string> {
  const names = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
    if (id && PATH_PARAM.test(id.text)) names.add(id.text);
  }
  return names;
}

function joinsParameter(arg: Node, fn: Node | null): boolean {
  if (!fn) return false;
  const combines = (arg.type === 'string' && arg.text.includes('{')) || arg.type === 'binary_operator'
    || (arg.type === 'call' && /(?:^|\.)join$/.test(arg.childForFieldName('function')?.text ?? ''));
  if (!combines) return false;
  const params = parameterNames(fn);
  if (!params.size) return false;
  for (const m of arg.text.matchAll(/[A-Za-z_]\w*/g)) if (params.has(m[0])) return true;
  return false;
}

function checkCall(call: Node, ctx: PyContext): void {
  const target = ctx.resolve(call.childForFieldName('function'));
  if (target === undefined || !SINKS.has(target)) return;
  const arg = callArgs(call).positional[0];
  if (!arg || SAFE_CALL.test(arg.text)) return;
  const fn = enclosingFunction(call);
  const fromRequest = ctx.readsRequest(arg);
  if (!fromRequest && !joinsParameter(arg, fn)) return;
  if (fn && CONTAINMENT.test(fn.text)) return;
  ctx.reporter.report(PY_PATH, fromRequest ? ctx.span(call) : {
    ...ctx.span(call), title: 'File path built from a function parameter',
    detail: 'The name comes from a parameter of this function (for a route, from the URL); it can contain `..`.',
  });
}

export const pathTraversal: PyRule = { on: { call: checkCall } };
