// Which files the index reads, by extension, and how they group. Only source files are read:
// anything else (images, lock files, data) is skipped before it is even stat'ed.
//
// `family` groups languages whose snippets help each other (TS and JS, C and C++); `scanner`
// names the symbol extractor, present only for the languages that have one.

export type SymbolScanner = 'js' | 'python' | 'go' | 'rust' | 'java';

export interface SourceLanguage {
  family: string;
  scanner?: SymbolScanner;
}

const JS: SourceLanguage = { family: 'js', scanner: 'js' };
const PY: SourceLanguage = { family: 'python', scanner: 'python' };

const BY_EXTENSION: Record<string, SourceLanguage> = {
  ts: JS, tsx: JS, mts: JS, cts: JS, js: JS, jsx: JS, mjs: JS, cjs: JS,
  vue: { family: 'js' }, svelte: { family: 'js' },
  py: PY, pyi: PY,
  go: { family: 'go', scanner: 'go' },
  rs: { family: 'rust', scanner: 'rust' },
  java: { family: 'jvm', scanner: 'java' },
  kt: { family: 'jvm' }, kts: { family: 'jvm' }, scala: { family: 'jvm' }, groovy: { family: 'jvm' },
  c: { family: 'c' }, h: { family: 'c' }, cc: { family: 'c' }, cpp: { family: 'c' }, cxx: { family: 'c' },
  hpp: { family: 'c' }, hh: { family: 'c' }, m: { family: 'c' }, mm: { family: 'c' },
  cs: { family: 'csharp' }, rb: { family: 'ruby' }, php: { family: 'php' }, swift: { family: 'swift' },
  dart: { family: 'dart' }, lua: { family: 'lua' }, ex: { family: 'elixir' }, exs: { family: 'elixir' },
  sh: { family: 'shell' }, bash: { family: 'shell' }, zsh: { family: 'shell' }, sql: { family: 'sql' },
};

/** VS Code language ids of documents without a telling extension (untitled ones). */
const BY_LANGUAGE_ID: Record<string, string> = {
  typescript: 'js', typescriptreact: 'js', javascript: 'js', javascriptreact: 'js', vue: 'js', svelte: 'js',
  python: 'python', go: 'go', rust: 'rust', java: 'jvm', kotlin: 'jvm', scala: 'jvm', groovy: 'jvm',
  c: 'c', cpp: 'c', 'objective-c': 'c', 'objective-cpp': 'c', csharp: 'csharp', ruby: 'ruby', php: 'php',
  swift: 'swift', dart: 'dart', lua: 'lua', elixir: 'elixir', shellscript: 'shell', sql: 'sql',
};

/** The source language of a path by its extension, or undefined for files the index does not read. */
export function sourceLanguageOf(relativePath: string): SourceLanguage | undefined {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  if (/\.min\.[cm]?js$/.test(name)) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** The family of an open document: by its path, else by its VS Code language id. */
export function familyOf(relativePath: string, languageId: string): string | undefined {
  return sourceLanguageOf(relativePath)?.family ?? BY_LANGUAGE_ID[languageId];
}
