// Hard-coded credentials in Python: a constant string assigned to a secret-sounding name, passed as
// such a keyword (`connect(password="…")`) or stored under such a dict key (policy: ../../credentials.ts).
import type { Node } from '@vscode/tree-sitter-wasm';
import { checkCredential } from '../../credentials';
import { stringValue, targetName, type PyContext, type PyRule } from '../context';

function check(name: string | undefined, value: Node | null, ctx: PyContext): void {
  const text = stringValue(value);
  if (name === undefined || text === undefined || !value) return;
  const parts = value.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence');
  if (!parts.length) return;
  checkCredential(ctx.reporter, name, text, parts[0]!.startIndex, parts[parts.length - 1]!.endIndex);
}

export const credentials: PyRule = {
  on: {
    assignment: (n, ctx) => check(targetName(n.childForFieldName('left')), n.childForFieldName('right'), ctx),
    keyword_argument: (n, ctx) => check(n.childForFieldName('name')?.text, n.childForFieldName('value'), ctx),
    pair: (n, ctx) => check(stringValue(n.childForFieldName('key')), n.childForFieldName('value'), ctx),
  },
};
