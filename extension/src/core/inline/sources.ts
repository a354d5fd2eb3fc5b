// Ready-made ContextSources over plain callbacks, so the VS Code side only supplies "what is open"
// and "read this file". Sources that need the editor's language services (definitions) live in
// the adapters and implement ContextSource themselves.
import { declarationOf, extractImports, resolveImport, supportsImports } from './imports';
import { bestWindows, rankOpenFiles, referenceSet, type OpenFile } from './snippets';
import type { ContextSource, Snippet } from './types';

export interface OpenEditorsSourceOptions {
  /** The open editors' documents (the current one may be included; it is skipped). */
  files: () => readonly OpenFile[] | Promise<readonly OpenFile[]>;
  budgetTokens?: number;
  timeoutMs?: number;
  maxSnippets?: number;
  windowLines?: number;
}

export function openEditorsSource(options: OpenEditorsSourceOptions): ContextSource {
  return {
    name: 'open',
    budgetTokens: options.budgetTokens ?? 600,
    timeoutMs: options.timeoutMs ?? 40,
    async collect(doc) {
      const files = await options.files();
      return rankOpenFiles(doc, files, { maxSnippets: options.maxSnippets ?? 4, windowLines: options.windowLines ?? 20 });
    },
  };
}

export interface ImportsSourceOptions {
  /** Workspace-relative, '/'-separated paths the imports may resolve to (open editors and the workspace index). */
  knownFiles: () => ReadonlySet<string> | Promise<ReadonlySet<string>>;
  readFile: (relativePath: string, signal: AbortSignal) => Promise<string | undefined>;
  budgetTokens?: number;
  timeoutMs?: number;
  /** Imported files read per request. */
  maxFiles?: number;
}

export function importsSource(options: ImportsSourceOptions): ContextSource {
  return {
    name: 'import',
    budgetTokens: options.budgetTokens ?? 800,
    timeoutMs: options.timeoutMs ?? 60,
    async collect(doc, signal) {
      if (!supportsImports(doc.languageId)) return [];
      const known = await options.knownFiles();
      const targets = new Map<string, string[]>();
      for (const ref of extractImports(doc.text, doc.languageId)) {
        const file = resolveImport(ref.specifier, doc.relativePath, doc.languageId, known);
        if (!file || file === doc.relativePath) continue;
        targets.set(file, [...(targets.get(file) ?? []), ...ref.names]);
        if (targets.size >= (options.maxFiles ?? 8)) break;
      }
      const reference = referenceSet(doc);
      const texts = await Promise.all(
        [...targets.keys()].map((file) => options.readFile(file, signal).catch(() => undefined)),
      );
      const out: Snippet[] = [];
      [...targets.entries()].forEach(([file, names], i) => {
        const text = texts[i];
        if (text !== undefined && !signal.aborted) out.push(...importSnippets(file, text, names, reference));
      });
      return out.sort((a, b) => b.score - a.score);
    },
  };
}

/**
 * Declarations of the imported names (names used near the cursor first); a namespace or
 * side-effect import falls back to the file's window most similar to the cursor's surroundings.
 */
function importSnippets(
  file: string,
  text: string,
  names: readonly string[],
  reference: ReadonlySet<string>,
): Snippet[] {
  const out: Snippet[] = [];
  for (const name of names) {
    const decl = declarationOf(text, name);
    if (decl) out.push({ source: 'import', path: file, text: decl, score: reference.has(name) ? 2 : 1 });
  }
  if (!out.length) {
    const [best] = bestWindows(reference, text, { perFile: 1, minScore: 0 });
    if (best) out.push({ source: 'import', path: file, text: best.text, score: 0.5 + best.score / 2 });
  }
  return out;
}
