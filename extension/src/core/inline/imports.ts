// Imports of the current file (TS/JS and Python) and the workspace files they point to, so the
// declarations the user is calling can go into the prompt. Regexes, not a parser: a missed import
// only costs context, and a parser per keystroke would cost the time budget.
import path from 'node:path';

export interface ImportRef {
  specifier: string;
  /** Names taken from the module, as declared there (`a` for `{ a as b }`); empty for `* as ns` or side effects. */
  names: string[];
}

const JS_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);
const PY_LANGUAGES = new Set(['python']);

/** Only the head of a huge file is scanned: imports live at the top, and the scan must stay cheap. */
const SCAN_CHARS = 100_000;

export function supportsImports(languageId: string): boolean {
  return JS_LANGUAGES.has(languageId) || PY_LANGUAGES.has(languageId);
}

export function extractImports(text: string, languageId: string): ImportRef[] {
  const head = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  if (JS_LANGUAGES.has(languageId)) return dedupe(extractJs(head));
  if (PY_LANGUAGES.has(languageId)) return dedupe(extractPython(head));
  return [];
}

function extractJs(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  // import x, { a as b } from 'm'  ·  import type { T } from 'm'  ·  export { a } from 'm'  ·  export * from 'm'
  const fromClause = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?([^'";]*?)\s*from\s*['"]([^'"\n]+)['"]/gm;
  for (const m of text.matchAll(fromClause)) out.push({ specifier: m[2]!, names: jsNames(m[1]!) });
  // import 'm' (side effect) · import('m') · require('m')
  const bare = /(?:^|[\s;])import\s*['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/gm;
  for (const m of text.matchAll(bare)) out.push({ specifier: (m[1] ?? m[2])!, names: [] });
  const required = /(?:(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*)?\brequire\(\s*['"]([^'"\n]+)['"]\s*\)/g;
  for (const m of text.matchAll(required)) out.push({ specifier: m[2]!, names: m[1] ? jsNames(m[1]) : [] });
  return out;
}

function jsNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  if (braces) {
    for (const part of braces[1]!.split(',')) {
      // `a as b` and `a: b` (destructured require) name `a` in the module
      const name = /^\s*(?:type\s+)?([\w$]+)/.exec(part)?.[1];
      if (name && name !== 'default') names.push(name);
    }
  }
  const outside = clause.replace(/\{[^}]*\}/, '');
  if (/\*\s*as\s+[\w$]+/.test(outside)) return names; // namespace: the whole module
  const defaultName = /^\s*([\w$]+)/.exec(outside)?.[1];
  if (defaultName && defaultName !== 'type') names.push(defaultName);
  return names;
}

function extractPython(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  const fromImport = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;
  for (const m of text.matchAll(fromImport)) {
    const names = m[2]!
      .replace(/[()\\]/g, ' ')
      .split(',')
      .map((n) => /^\s*([\w]+)/.exec(n)?.[1])
      .filter((n): n is string => !!n && n !== '*');
    out.push({ specifier: m[1]!, names });
  }
  const plainImport = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;
  for (const m of text.matchAll(plainImport)) {
    for (const part of m[1]!.split(',')) {
      const module = /^\s*([\w.]+)/.exec(part)?.[1];
      if (module) out.push({ specifier: module, names: [] });
    }
  }
  return out;
}

function dedupe(refs: ImportRef[]): ImportRef[] {
  const byName = new Map<string, ImportRef>();
  for (const ref of refs) {
    const seen = byName.get(ref.specifier);
    if (seen) seen.names = [...new Set([...seen.names, ...ref.names])];
    else byName.set(ref.specifier, { specifier: ref.specifier, names: [...new Set(ref.names)] });
  }
  return [...byName.values()];
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte'];

/**
 * The workspace-relative file an import points to, among `known` (workspace-relative, '/'-separated),
 * or undefined for packages (node_modules, site-packages) and anything not found.
 */
export function resolveImport(specifier: string, fromPath: string, languageId: string, known: ReadonlySet<string>): string | undefined {
  const dir = path.posix.dirname(fromPath);
  if (JS_LANGUAGES.has(languageId)) {
    const bases: string[] = [];
    if (specifier.startsWith('.')) bases.push(path.posix.join(dir, specifier));
    else {
      // path aliases such as `@/x` or `~/x` usually mean `src/x`; bare packages match nothing
      const rest = specifier.replace(/^[@~]\//, '');
      bases.push(rest, `src/${rest}`);
    }
    for (const base of bases) {
      const hit = jsCandidates(base).find((c) => known.has(c));
      if (hit) return hit;
    }
    return undefined;
  }
  if (PY_LANGUAGES.has(languageId)) {
    const dots = /^\.*/.exec(specifier)![0].length;
    const module = specifier.slice(dots).split('.').filter(Boolean).join('/');
    if (dots > 0) {
      let base = dir;
      for (let i = 1; i < dots; i++) base = path.posix.dirname(base);
      const target = module ? path.posix.join(base, module) : base;
      return [`${target}.py`, `${target}/__init__.py`].map(clean).find((c) => known.has(c));
    }
    // absolute module: the file may sit under a source root (src/, lib/…), so match by path ending
    const endings = [`${module}.py`, `${module}/__init__.py`];
    let best: string | undefined;
    for (const file of known) {
      if (endings.some((e) => file === e || file.endsWith(`/${e}`)) && (!best || file.length < best.length)) best = file;
    }
    return best;
  }
  return undefined;
}

function jsCandidates(base: string): string[] {
  const b = clean(base);
  const out = [b];
  // ESM TypeScript imports `./x.js` for `./x.ts`
  const swapped = b.replace(/\.(m|c)?js(x?)$/, '.$1ts$2');
  if (swapped !== b) out.push(swapped);
  for (const ext of JS_EXTENSIONS) out.push(b + ext);
  for (const ext of JS_EXTENSIONS) out.push(`${b}/index${ext}`);
  return out;
}

function clean(p: string): string {
  return path.posix.normalize(p).replace(/^\.\//, '');
}

/**
 * The declaration of `name` in `text` and the lines of its body: from the declaring line while the
 * lines are indented deeper (a closing bracket at the same indentation is kept), at most `maxLines`.
 */
export function declarationOf(text: string, name: string, maxLines = 30): string | undefined {
  const escaped = name.replace(/[$]/g, '\\$');
  const decl = new RegExp(
    `^([ \\t]*)(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?` +
      `(?:function\\*?|class|interface|type|enum|const|let|var|def)\\s+${escaped}(?![\\w$])`,
    'm',
  );
  const match = decl.exec(text);
  if (!match) return undefined;
  const indent = match[1]!.length;
  const lines = text.slice(match.index).split('\n', maxLines + 1);
  const kept = [lines[0]!];
  for (let i = 1; i < lines.length && kept.length < maxLines; i++) {
    const line = lines[i]!;
    const trimmed = line.trimStart();
    const depth = line.length - trimmed.length;
    if (!trimmed || depth > indent) kept.push(line);
    else if (depth === indent && /^[)\]}]/.test(trimmed)) {
      kept.push(line);
      break;
    } else break;
  }
  while (kept.length > 1 && !kept[kept.length - 1]!.trim()) kept.pop();
  return kept.join('\n');
}
