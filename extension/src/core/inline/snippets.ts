// Neighbouring-tab similarity (as Copilot does it): the identifiers around the cursor are compared
// with sliding windows of ~20 lines of every open editor, and the best-matching windows become
// snippets. Jaccard over identifier sets is crude, but it is fast, needs no index, and finds the
// code the user is likely imitating (a sibling test, the function they are calling).
import { lineStart } from './context-window';
import type { DocumentSnapshot, Snippet, SnippetSource } from './types';

export interface OpenFile {
  /** Workspace-relative path, as shown to the model. */
  path: string;
  text: string;
  languageId?: string;
}

export interface WindowOptions {
  /** Lines per window. */
  windowLines?: number;
  /** Windows scoring below this are not worth their tokens. */
  minScore?: number;
  /** At most this many windows per file (they never overlap). */
  perFile?: number;
  /** Files longer than this are skipped: tokenizing them would blow the time budget. */
  maxFileChars?: number;
}

const DEFAULTS: Required<WindowOptions> = { windowLines: 20, minScore: 0.05, perFile: 2, maxFileChars: 300_000 };

// Keywords and noise words: every file shares them, so they would make everything look similar.
const STOP_WORDS = new Set(
  ('abstract and any as async await boolean break case catch class const continue def default del delete do elif ' +
    'else enum except export extends false final finally float fn for from func function go if impl implements import ' +
    'in instanceof int interface is lambda let match mod module mut new nil none not null number object of or package ' +
    'pass private protected pub public raise readonly return self static str string struct super switch this throw ' +
    'true try type typeof undefined use val var void while with yield').split(' '),
);

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/** Identifiers of a text, without keywords and one-letter names. */
export function identifiers(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const word = match[0];
    if (word.length > 1 && !STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

export function identifierSet(text: string): Set<string> {
  return new Set(identifiers(text));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const word of small) if (large.has(word)) inter++;
  return inter / (a.size + b.size - inter);
}

/** What the open editors are compared with: the lines just above the cursor and the cursor's line. */
export function referenceSet(doc: Pick<DocumentSnapshot, 'text' | 'offset'>, lines = DEFAULTS.windowLines): Set<string> {
  let start = lineStart(doc.text, doc.offset);
  for (let n = 0; n < lines && start > 0; n++) start = lineStart(doc.text, start - 1);
  const end = doc.text.indexOf('\n', doc.offset);
  return identifierSet(doc.text.slice(start, end === -1 ? doc.text.length : end));
}

/**
 * Lines and their identifiers, per file text. Open editors rarely change between two keystrokes
 * in another file, so re-tokenizing them on every request would be wasted work on the typing path.
 * Keyed by the text itself (the caller passes the same string while a document's version holds).
 */
const tokenized = new Map<string, { lines: string[]; lineWords: string[][] }>();
const TOKENIZED_FILES = 32;

function tokenize(text: string): { lines: string[]; lineWords: string[][] } {
  let entry = tokenized.get(text);
  if (entry) {
    tokenized.delete(text); // most recently used last
  } else {
    const lines = text.split('\n');
    entry = { lines, lineWords: lines.map(identifiers) };
    if (tokenized.size >= TOKENIZED_FILES) tokenized.delete(tokenized.keys().next().value!);
  }
  tokenized.set(text, entry);
  return entry;
}

export interface WindowMatch {
  /** 0-based first line, exclusive end line. */
  startLine: number;
  endLine: number;
  score: number;
  text: string;
}

/**
 * The best non-overlapping windows of `text` against `reference`. The window slides one line at a
 * time and its identifier counts are updated incrementally (add the line entering, remove the line
 * leaving), so a file costs O(identifiers), not O(lines × window).
 */
export function bestWindows(reference: ReadonlySet<string>, text: string, options: WindowOptions = {}): WindowMatch[] {
  const opts = { ...DEFAULTS, ...options };
  if (!reference.size || text.length > opts.maxFileChars) return [];
  const { lines, lineWords } = tokenize(text);
  const size = Math.min(opts.windowLines, lines.length);
  const counts = new Map<string, number>();
  let shared = 0; // distinct window words that are in the reference
  const add = (words: string[]): void => {
    for (const w of words) {
      const c = counts.get(w) ?? 0;
      counts.set(w, c + 1);
      if (c === 0 && reference.has(w)) shared++;
    }
  };
  const remove = (words: string[]): void => {
    for (const w of words) {
      const c = counts.get(w)!;
      if (c === 1) {
        counts.delete(w);
        if (reference.has(w)) shared--;
      } else counts.set(w, c - 1);
    }
  };
  const scored: Array<{ start: number; score: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    add(lineWords[i]!);
    if (i >= size) remove(lineWords[i - size]!);
    if (i >= size - 1) {
      const union = counts.size + reference.size - shared;
      scored.push({ start: i - size + 1, score: union ? shared / union : 0 });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.start - b.start);
  const picked: WindowMatch[] = [];
  for (const { start, score } of scored) {
    if (picked.length >= opts.perFile || score < opts.minScore) break;
    if (picked.some((p) => start < p.endLine && start + size > p.startLine)) continue;
    picked.push({ startLine: start, endLine: start + size, score, text: lines.slice(start, start + size).join('\n') });
  }
  return picked;
}

/** Best windows across open files (the current file excluded), as snippets, best first. */
export function rankOpenFiles(
  doc: Pick<DocumentSnapshot, 'text' | 'offset' | 'relativePath' | 'uri'>,
  files: readonly OpenFile[],
  options: WindowOptions & { maxSnippets?: number; source?: SnippetSource } = {},
): Snippet[] {
  const reference = referenceSet(doc, options.windowLines);
  const out: Snippet[] = [];
  for (const file of files) {
    if (file.path === doc.relativePath || file.text === doc.text) continue;
    for (const match of bestWindows(reference, file.text, options)) {
      out.push({ source: options.source ?? 'open', path: file.path, text: match.text, score: match.score });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, options.maxSnippets ?? 8);
}
