// What both prompt builders share: their input, language names and comment syntax.
import type { Snippet } from './types';

export interface PromptInput {
  /** Workspace-relative path ('' for untitled). */
  filePath: string;
  languageId: string;
  /** The window before and after the cursor (see context-window.ts). */
  prefix: string;
  suffix: string;
  /** Best first; rendered best-last so the most useful context sits closest to the code. */
  snippets: readonly Snippet[];
  /** Whether the cursor position admits a multi-line answer. */
  multiline: boolean;
}

const NAMES: Record<string, string> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript (React)',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript (React)',
  python: 'Python',
  java: 'Java',
  csharp: 'C#',
  cpp: 'C++',
  c: 'C',
  go: 'Go',
  rust: 'Rust',
  ruby: 'Ruby',
  php: 'PHP',
  shellscript: 'Shell script',
  powershell: 'PowerShell',
  kotlin: 'Kotlin',
  swift: 'Swift',
  scala: 'Scala',
  dart: 'Dart',
  sql: 'SQL',
  html: 'HTML',
  css: 'CSS',
  scss: 'SCSS',
  json: 'JSON',
  jsonc: 'JSON with comments',
  yaml: 'YAML',
  markdown: 'Markdown',
  vue: 'Vue',
  svelte: 'Svelte',
  lua: 'Lua',
  dockerfile: 'Dockerfile',
  makefile: 'Makefile',
};

/** A readable language name for the prompt ('typescriptreact' → 'TypeScript (React)'). */
export function languageName(languageId: string): string {
  return NAMES[languageId] ?? (languageId ? languageId.charAt(0).toUpperCase() + languageId.slice(1) : 'Plain text');
}

export type CommentSyntax = { line: string } | { open: string; close: string };

const HASH = new Set([
  'python', 'ruby', 'shellscript', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir',
  'julia', 'coffeescript', 'nim', 'terraform', 'hcl', 'cmake', 'properties', 'graphql', 'plaintext', 'dotenv',
]);
const DASH = new Set(['sql', 'lua', 'haskell', 'elm', 'ada', 'purescript']);
const SEMI = new Set(['clojure', 'lisp', 'scheme', 'ini', 'racket', 'asm']);
const PERCENT = new Set(['latex', 'tex', 'bibtex', 'erlang', 'matlab']);
const MARKUP = new Set(['html', 'xml', 'markdown', 'svg', 'xsl', 'vue-html', 'razor']);
const CSS = new Set(['css']);

export function commentSyntax(languageId: string): CommentSyntax {
  if (HASH.has(languageId)) return { line: '#' };
  if (DASH.has(languageId)) return { line: '--' };
  if (SEMI.has(languageId)) return { line: ';' };
  if (PERCENT.has(languageId)) return { line: '%' };
  if (languageId === 'vb') return { line: "'" };
  if (MARKUP.has(languageId)) return { open: '<!--', close: '-->' };
  if (CSS.has(languageId)) return { open: '/*', close: '*/' };
  return { line: '//' };
}

/** `text` as a comment of the language; a block comment's closer inside `text` is defused. */
export function commentOut(text: string, languageId: string): string {
  const syntax = commentSyntax(languageId);
  if ('line' in syntax) {
    return text
      .split('\n')
      .map((line) => (line.trim() ? `${syntax.line} ${line}` : syntax.line))
      .join('\n');
  }
  const safe = text.split(syntax.close).join(syntax.close.split('').join(' '));
  return `${syntax.open}\n${safe}\n${syntax.close}`;
}

/** Snippets rendered as comments, each under a `Compare this snippet from <path>:` line; best last. */
export function commentedSnippets(snippets: readonly Snippet[], languageId: string): string {
  return [...snippets]
    .reverse()
    .map((s) => commentOut(`Compare this snippet from ${s.path}:\n${s.text.replace(/\s+$/, '')}`, languageId))
    .join('\n');
}
