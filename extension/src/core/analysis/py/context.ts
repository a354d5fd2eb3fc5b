// What Python rules see during the one cursor walk over a tree-sitter tree, and the small syntax
// questions they ask (constant string? what is called? which keywords?).
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Reporter } from '../finding';

export type PyHandler = (node: Node, ctx: PyContext) => void;
export interface PyRule { on: Record<string, PyHandler> }

/** Request data in Flask, Django, FastAPI/Starlette handlers. */
export const REQUEST_DATA = /\brequest\.(?:args|form|values|files|json|data|cookies|headers|GET|POST|FILES|query_params|path_params|view_args|get_json)\b/;

export class PyContext {
  /** Local name → module path (`sp` → `subprocess`, `md5` → `hashlib.md5`). */
  readonly bindings = new Map<string, string>();
  /** Names assigned from request data. */
  readonly tainted = new Set<string>();
  /** Names assigned SQL text built from values (`q = f"SELECT … {x}"`), so `execute(q)` is caught. */
  readonly dynamicSql = new Map<string, Node>();

  readonly hasSslNames: boolean;

  constructor(readonly text: string, readonly reporter: Reporter) {
    this.hasSslNames = text.includes('_create_unverified_context') || text.includes('CERT_NONE');
  }

  span(node: Node): { start: number; end: number } {
    return { start: node.startIndex, end: node.endIndex };
  }

  /** `sp.run` → `subprocess.run` through import bindings; unbound names stay as written. */
  resolve(callee: Node | null): string | undefined {
    if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) return undefined;
    const text = callee.text;
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const bound = this.bindings.get(head);
    return bound === undefined ? text : bound + (dot < 0 ? '' : text.slice(dot));
  }

  readsRequest(node: Node): boolean {
    const text = node.text;
    if (REQUEST_DATA.test(text)) return true;
    if (!this.tainted.size) return false;
    for (const m of text.matchAll(/[A-Za-z_]\w*/g)) if (this.tainted.has(m[0])) return true;
    return false;
  }
}

/** A literal: a string without interpolation, a number, or `+`/implicit concatenation of those. */
export function isConstant(node: Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'string': return !node.namedChildren.some((c) => c?.type === 'interpolation');
    case 'concatenated_string': return node.namedChildren.every((c) => isConstant(c));
    case 'integer': case 'float': case 'true': case 'false': case 'none': return true;
    case 'parenthesized_expression': return isConstant(node.namedChildren[0]);
    case 'binary_operator': return isConstant(node.childForFieldName('left')) && isConstant(node.childForFieldName('right'));
    default: return false;
  }
}

/** The literal text of a constant string (contents only), else undefined. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string' || !isConstant(node)) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

export interface CallArgs { positional: Node[]; keywords: Map<string, Node> }

export function callArgs(call: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  if (list?.type === 'argument_list') {
    for (const a of list.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (name && value) keywords.set(name.text, value);
      } else positional.push(a);
    }
  }
  return { positional, keywords };
}

/** The last segment of an assignment target: `self.api_key` → `api_key`. */
export function targetName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return undefined;
}
