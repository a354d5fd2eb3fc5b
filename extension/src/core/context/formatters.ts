// Attachments as CodeContext, one helper per `@` kind. Every helper runs redactSecrets on what it
// sends and records the count in `redactions`, so the chip can say "2 secrets hidden".
//
// `startLine` is 0-based, as the server renders it (`from line startLine + 1` in
// server/src/domain/chat-prompt.ts). Diagnostics take the 1-based line/column the Problems panel shows.
//
// Workspace snippets come from WorkspaceIndex.searchSnippets(query, …), which already ranks
// windows by identifier overlap with a text query, so no separate ranking lives here.
import type { CodeContext, ContextKind } from '../../../../protocol';
import { redactSecrets } from '../security/redact';
import { isSensitivePath } from '../security/sensitive-files';
import type { SnippetMatch } from '../workspace-index/index-store';

/** Redacts `code` and builds the CodeContext, with `redactions` only when something was hidden. */
export function makeContext(kind: ContextKind, fileName: string, language: string, code: string, startLine?: number): CodeContext {
  const { text, redactions } = redactSecrets(code, { fileName });
  return {
    fileName,
    language,
    code: text,
    kind,
    ...(startLine === undefined ? {} : { startLine }),
    ...(redactions > 0 ? { redactions } : {}),
  };
}

export interface CodeInput {
  /** Workspace-relative path (or an untitled document's name). */
  fileName: string;
  /** VS Code language id. */
  language: string;
  code: string;
  /** 0-based line of the first line of `code`. */
  startLine?: number;
}

export function selectionContext(input: CodeInput): CodeContext {
  return makeContext('selection', input.fileName, input.language, input.code, input.startLine ?? 0);
}

export function fileContext(input: Omit<CodeInput, 'startLine'>): CodeContext {
  return makeContext('file', input.fileName, input.language, input.code);
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  file: string;
  /** 1-based, as shown in the Problems panel. */
  line: number;
  column: number;
  severity: Severity;
  message: string;
  source?: string;
  code?: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * Diagnostics grouped by file: files with the worst problems first, then by name; within a file by
 * severity, then line. At most `maxItems` are listed, then "… and N more (E errors, W warnings)".
 */
export function problemsContext(diagnostics: Diagnostic[], options: { maxItems?: number; fileName?: string } = {}): CodeContext {
  const max = options.maxItems ?? 50;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const worst = (list: Diagnostic[]) => Math.min(...list.map((d) => SEVERITY_RANK[d.severity]));
  const files = [...byFile.entries()]
    .map(([file, list]) => [file, list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.line - b.line || a.column - b.column)] as const)
    .sort((a, b) => worst(a[1]) - worst(b[1]) || a[0].localeCompare(b[0]));
  const ordered = files.flatMap(([, list]) => list);
  const shown = new Set(ordered.slice(0, max));
  const lines: string[] = [];
  for (const [file, list] of files) {
    const visible = list.filter((d) => shown.has(d));
    if (!visible.length) continue;
    lines.push(file);
    for (const d of visible) lines.push(`  ${d.line}:${d.column} ${d.severity}${label(d)}: ${d.message.replace(/\s*\n\s*/g, ' ')}`);
  }
  const rest = ordered.slice(max);
  if (rest.length) lines.push(`… and ${rest.length} more (${tally(rest)})`);
  if (!ordered.length) lines.push('No problems reported.');
  return makeContext('problems', options.fileName ?? 'Problems', 'text', lines.join('\n'));
}

function label(d: Diagnostic): string {
  const code = d.code ? ` ${d.source ?? ''}${d.source ? '(' : ''}${d.code}${d.source ? ')' : ''}` : d.source ? ` ${d.source}` : '';
  return code.replace(/^ +/, ' ');
}

function tally(list: Diagnostic[]): string {
  const counts = new Map<Severity, number>();
  for (const d of list) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1);
  return (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s === 'info' ? 'info' : s + (counts.get(s) === 1 ? '' : 's')}`)
    .join(', ');
}

/** Workspace snippets as attachments (sensitive paths skipped defensively), best first, at most `limit`. */
export function workspaceContext(snippets: readonly SnippetMatch[], options: { limit?: number } = {}): CodeContext[] {
  return [...snippets]
    .filter((s) => !isSensitivePath(s.path))
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit ?? 5)
    .map((s) => makeContext('workspace', s.path, languageOfPath(s.path), s.text, s.startLine));
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact', js: 'javascript', mjs: 'javascript',
  cjs: 'javascript', jsx: 'javascriptreact', py: 'python', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', c: 'c',
  h: 'c', cpp: 'cpp', cc: 'cpp', hpp: 'cpp', cs: 'csharp', rb: 'ruby', php: 'php', swift: 'swift', sh: 'shellscript',
  sql: 'sql', md: 'markdown', json: 'json', yaml: 'yaml', yml: 'yaml', css: 'css', html: 'html', vue: 'vue', dart: 'dart',
};

/** A VS Code language id from a path's extension ('plaintext' when unknown). */
export function languageOfPath(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && LANGUAGE_BY_EXTENSION[name.slice(dot + 1).toLowerCase()]) || 'plaintext';
}
