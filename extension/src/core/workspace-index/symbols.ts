// Symbol extraction: declarations of functions, classes, methods and exported constants, found by
// light per-language scanners over comment- and string-free lines. Deliberately approximate (no
// parser yet — the review analyzers will bring one); the golden tests pin what it finds.
import type { SymbolScanner } from './languages';
import { scanGo, scanJava, scanJs, scanRust } from './scanners-clike';
import { scanPython } from './scanner-python';

export type SymbolKind = 'function' | 'method' | 'class' | 'interface' | 'type' | 'enum' | 'struct' | 'trait' | 'const';

export interface ScannedSymbol {
  name: string;
  kind: SymbolKind;
  /** 0-based line of the declaration. */
  line: number;
  /** The class, impl, trait or receiver type a method belongs to. */
  container?: string;
}

const SCANNERS: Record<SymbolScanner, (text: string) => ScannedSymbol[]> = {
  js: scanJs,
  python: scanPython,
  go: scanGo,
  rust: scanRust,
  java: scanJava,
};

/** Declarations in `text`, in file order; overloads and re-declarations appear once (the first). */
export function extractSymbols(text: string, scanner: SymbolScanner): ScannedSymbol[] {
  const seen = new Set<string>();
  return SCANNERS[scanner](text).filter((s) => {
    const key = `${s.kind}\0${s.container ?? ''}\0${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A block whose direct children are members (a class body, an impl block). */
export interface Scope {
  name: string;
  kind: 'class' | 'impl' | 'trait' | 'module';
  /** Brace depth inside the body. */
  bodyDepth: number;
  opened: boolean;
  /** Line it was declared on; a scope whose `{` never comes within a few lines is dropped. */
  line: number;
}

export interface BraceLine {
  code: string;
  index: number;
  /** Brace depth at the start of the line. */
  depth: number;
  /** The innermost open scope when the line sits directly in its body, else undefined. */
  member: Scope | undefined;
  /** Whether the line is at the top level of the file or directly inside a module scope. */
  topLevel: boolean;
}

/**
 * Walks stripped C-family lines, tracking brace depth and the scopes that `visit` opens (it returns
 * a scope to open one on that line: its body is the next `{`).
 */
export function walkBraces(lines: readonly string[], visit: (line: BraceLine) => Omit<Scope, 'bodyDepth' | 'opened' | 'line'> | undefined): void {
  const stack: Scope[] = [];
  let depth = 0;
  lines.forEach((code, index) => {
    const top = stack.at(-1);
    if (top && !top.opened && index - top.line > 3) stack.pop();
    const current = stack.at(-1);
    const direct = current?.opened && depth === current.bodyDepth ? current : undefined;
    const topLevel = depth === 0 || direct?.kind === 'module';
    const opened = visit({ code, index, depth, member: direct?.kind === 'module' ? undefined : direct, topLevel });
    if (opened) stack.push({ ...opened, bodyDepth: depth + 1, opened: false, line: index });
    for (const c of code) {
      if (c === '{') {
        depth++;
        const last = stack.at(-1);
        if (last && !last.opened && depth === last.bodyDepth) last.opened = true;
      } else if (c === '}') {
        depth = Math.max(0, depth - 1);
        while (stack.length && stack.at(-1)!.opened && depth < stack.at(-1)!.bodyDepth) stack.pop();
      } else if (c === ';') {
        // `struct A;` or a forward declaration: the scope never gets a body
        const last = stack.at(-1);
        if (last && !last.opened && depth < last.bodyDepth && last.line === index) stack.pop();
      }
    }
  });
}
