// Import bindings: `import subprocess as sp`, `from hashlib import md5`, `from os import system`.
import type { PyContext, PyRule } from './context';
import type { Node } from '@vscode/tree-sitter-wasm';

function bindImport(node: Node, ctx: PyContext): void {
  for (const item of node.namedChildren) {
    if (item?.type === 'dotted_name') ctx.bindings.set(item.text.split('.')[0]!, item.text.split('.')[0]!);
    else if (item?.type === 'aliased_import') {
      const name = item.childForFieldName('name')?.text;
      const alias = item.childForFieldName('alias')?.text;
      if (name && alias) ctx.bindings.set(alias, name);
    }
  }
}

function bindFromImport(node: Node, ctx: PyContext): void {
  const module = node.childForFieldName('module_name')?.text;
  if (!module) return;
  for (const item of node.childrenForFieldName('name')) {
    if (item?.type === 'dotted_name') ctx.bindings.set(item.text, `${module}.${item.text}`);
    else if (item?.type === 'aliased_import') {
      const name = item.childForFieldName('name')?.text;
      const alias = item.childForFieldName('alias')?.text;
      if (name && alias) ctx.bindings.set(alias, `${module}.${name}`);
    }
  }
}

export const bindingsRule: PyRule = { on: { import_statement: bindImport, import_from_statement: bindFromImport } };
