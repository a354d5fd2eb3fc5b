// Symbol scanner for Python: blocks are indentation, so a stack of enclosing `class`/`def` by
// indent decides whether a `def` is a function, a method, or a nested helper (left out).
// Continuation lines inside brackets do not count as indentation (see `bracketDepth`).
import { stripPython } from './code-text';
import type { ScannedSymbol } from './symbols';

const DEF = /^(\s*)(?:async\s+)?def\s+(\w+)/;
const CLASS = /^(\s*)class\s+(\w+)/;
/** Module-level UPPER_CASE names are constants by convention (PEP 8). */
const CONST = /^([A-Z][A-Z0-9_]*)\s*(?::[^=]+)?=(?!=)/;

interface Block {
  kind: 'class' | 'def';
  name: string;
  indent: number;
}

export function scanPython(text: string): ScannedSymbol[] {
  const found: ScannedSymbol[] = [];
  const stack: Block[] = [];
  let brackets = 0;
  stripPython(text).forEach((code, line) => {
    const startsStatement = brackets === 0;
    brackets = Math.max(0, brackets + bracketDepth(code));
    if (!startsStatement || !code.trim()) return;
    const indent = indentWidth(code);
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1);

    let m: RegExpExecArray | null;
    if ((m = CLASS.exec(code))) {
      if (!parent || parent.kind === 'class') found.push({ name: m[2]!, kind: 'class', line });
      stack.push({ kind: 'class', name: m[2]!, indent });
    } else if ((m = DEF.exec(code))) {
      if (!parent) found.push({ name: m[2]!, kind: 'function', line });
      else if (parent.kind === 'class') found.push({ name: m[2]!, kind: 'method', line, container: parent.name });
      stack.push({ kind: 'def', name: m[2]!, indent });
    } else if (indent === 0 && (m = CONST.exec(code))) {
      found.push({ name: m[1]!, kind: 'const', line });
    }
  });
  return found;
}

function bracketDepth(code: string): number {
  let delta = 0;
  for (const c of code) {
    if (c === '(' || c === '[' || c === '{') delta++;
    else if (c === ')' || c === ']' || c === '}') delta--;
  }
  return delta;
}

/** Tabs count as 8 columns, as CPython does. */
function indentWidth(code: string): number {
  let width = 0;
  for (const c of code) {
    if (c === ' ') width++;
    else if (c === '\t') width = width - (width % 8) + 8;
    else break;
  }
  return width;
}
