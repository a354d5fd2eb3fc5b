// Builds the CodeContext attached to a chat question from an editor selection. Pure: the feature
// passes plain values (paths, text, line numbers) read from `vscode`.
//
// Trimming rule (so one huge selection cannot blow the request or the model's context):
// keep whole lines from the top while both limits hold — at most MAX_CONTEXT_LINES lines and at most
// MAX_CONTEXT_CHARS characters. A single line longer than the character limit is cut at the limit.
// The caller learns how much was kept and tells the user; the code itself is never rewritten.
import path from 'node:path';
import type { CodeContext } from '../../../protocol';

export const MAX_CONTEXT_LINES = 1_000;
export const MAX_CONTEXT_CHARS = 40_000;

export interface SelectionInput {
  /** Absolute file path (fsPath) for files; for untitled documents, their display name. */
  filePath: string;
  /** False for untitled/virtual documents: their name is used as is. */
  isFile: boolean;
  /** fsPaths of the open workspace folders (multi-root aware). */
  workspaceFolders: readonly string[];
  languageId: string;
  text: string;
  /** 1-based line number of the first line of `text` in the document. */
  startLine: number;
}

export interface BuiltContext {
  context: CodeContext;
  totalLines: number;
  keptLines: number;
  trimmed: boolean;
}

export function buildCodeContext(input: SelectionInput): BuiltContext {
  const lines = input.text.split(/\r?\n/);
  const totalLines = lines.length;
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (kept.length >= MAX_CONTEXT_LINES) break;
    const cost = line.length + (kept.length ? 1 : 0);
    if (chars + cost > MAX_CONTEXT_CHARS) {
      // only the very first line may be cut mid-line; otherwise stop at a line boundary
      if (!kept.length) kept.push(line.slice(0, MAX_CONTEXT_CHARS));
      break;
    }
    kept.push(line);
    chars += cost;
  }
  const trimmed = kept.length < totalLines || kept[0] !== lines[0];
  return {
    context: {
      fileName: displayFileName(input),
      language: (input.languageId || 'plaintext').slice(0, 64),
      code: kept.join('\n'),
      // the protocol counts from 0 (the server prints startLine + 1)
      startLine: Math.max(0, Math.floor(input.startLine) - 1),
    },
    totalLines,
    keptLines: kept.length,
    trimmed,
  };
}

/**
 * Workspace-relative with "/" separators; prefixed by the folder's name in a multi-root workspace.
 * Files outside every folder get only their base name: absolute paths would leak the user's
 * home directory layout into prompts and server logs.
 */
export function displayFileName(input: Pick<SelectionInput, 'filePath' | 'isFile' | 'workspaceFolders'>): string {
  if (!input.isFile) return input.filePath.slice(0, 1024);
  const file = path.resolve(input.filePath);
  // the deepest folder wins when folders are nested
  const folders = [...input.workspaceFolders].map((f) => path.resolve(f)).sort((a, b) => b.length - a.length);
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      const posix = rel.split(path.sep).join('/');
      const name = input.workspaceFolders.length > 1 ? `${path.basename(folder)}/${posix}` : posix;
      return name.slice(-1024);
    }
  }
  return path.basename(file).slice(-1024);
}
