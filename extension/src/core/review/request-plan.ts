// Turns the files of a review (and the diff, for Review Changes / `--diff`) into the list of
// `POST /api/v1/review` bodies that fit the server's limits, and says which files were left out.
// Sensitive and git-ignored files are dropped here, before anything reads further or sends them.
import type { ReviewFile, ReviewKind, ReviewRequest } from '../../../../protocol';
import { sensitiveReason } from '../security/sensitive-files';
import { chunkFile, diffForLines, touchesChangedLines, type ChunkOptions, type DiffFile } from './chunk';

/** One file as read from disk (or the editor), path workspace-relative with `/`. */
export interface ReviewInputFile {
  path: string;
  text: string;
  /** A language id (`typescript`, `python`…); guessed from the extension when absent. */
  language?: string;
}

export type SkipReason = 'sensitive' | 'gitignored' | 'binary' | 'too-large' | 'not-source' | 'unreadable' | 'deleted';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface PlanLimits {
  /** The protocol's maximum (`files.max(20)`). */
  maxFilesPerRequest: number;
  /** Content plus diff characters in one request, under the protocol's 400k and the 1 MB body limit. */
  maxCharsPerRequest: number;
  /** Estimated input tokens per request (see `estimateTokens`), so one answer stays within the model's window and rate limits. */
  maxTokensPerRequest: number;
}

export const DEFAULT_LIMITS: PlanLimits = { maxFilesPerRequest: 20, maxCharsPerRequest: 400_000, maxTokensPerRequest: 12_000 };

/** Larger files are skipped rather than sent in dozens of pieces (generated or vendored code). */
export const MAX_FILE_CHARS = 1_000_000;

export interface PlanOptions {
  kind: ReviewKind;
  /** Parsed `--diff` / working-tree diff: only changed files are sent, only pieces near changed lines. */
  diff?: DiffFile[];
  instructions?: string;
  model?: string;
  limits?: Partial<PlanLimits>;
  chunk?: ChunkOptions;
  /** Lines around a change that still count as "near it". */
  slack?: number;
}

export interface PlannedRequest {
  request: ReviewRequest;
  /** Distinct paths in this request, for progress messages. */
  paths: string[];
  tokens: number;
}

/** Code is ~3 characters per token in the models' tokenizers; erring high keeps requests under budget. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 3);
}

/** Per-file overhead in the server's prompt (path, language, fences), in tokens. */
const FILE_OVERHEAD_TOKENS = 30;

/**
 * Splits `files` into sendable and skipped: sensitive paths (never read or sent), git-ignored
 * ones (`isIgnored`), binaries and oversized files. The extension and the CLI run analyzers on the
 * same kept list, so nothing is read that would not be sent.
 */
export function filterReviewable(files: readonly ReviewInputFile[], isIgnored?: (path: string) => boolean): { kept: ReviewInputFile[]; skipped: SkippedFile[] } {
  const kept: ReviewInputFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const sensitive = sensitiveReason(file.path);
    if (sensitive) skipped.push({ path: file.path, reason: 'sensitive', detail: sensitive });
    else if (isIgnored?.(file.path)) skipped.push({ path: file.path, reason: 'gitignored' });
    else if (file.text.slice(0, 8000).includes('\0')) skipped.push({ path: file.path, reason: 'binary' });
    else if (file.text.length > MAX_FILE_CHARS) skipped.push({ path: file.path, reason: 'too-large', detail: `${file.text.length} characters` });
    else kept.push(file);
  }
  return { kept, skipped };
}

/** The review requests for already-filtered files, in file order, each within `limits`. */
export function planReviewRequests(files: readonly ReviewInputFile[], options: PlanOptions): PlannedRequest[] {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const slack = options.slack ?? 3;
  const diffByPath = new Map((options.diff ?? []).filter((d) => d.path).map((d) => [d.path!, d]));
  // leave room for the diff pieces: at most half of a request is diff
  const pieceChars = Math.min(options.chunk?.maxChars ?? Infinity, Math.floor((limits.maxTokensPerRequest - FILE_OVERHEAD_TOKENS) * 3 / (options.diff ? 2 : 1)));
  const requests: PlannedRequest[] = [];
  let files_: ReviewFile[] = [];
  let diffs: string[] = [];
  let chars = 0;
  const flush = () => {
    if (!files_.length) return;
    const request: ReviewRequest = { kind: options.kind, files: files_ };
    if (diffs.length) request.diff = diffs.join('\n');
    if (options.instructions) request.instructions = options.instructions;
    if (options.model) request.model = options.model;
    const tokens = estimateTokens(chars) + files_.length * FILE_OVERHEAD_TOKENS;
    requests.push({ request, paths: [...new Set(files_.map((f) => f.path))], tokens });
    files_ = []; diffs = []; chars = 0;
  };
  for (const file of files) {
    const language = file.language ?? languageOf(file.path) ?? 'plaintext';
    const fileDiff = diffByPath.get(file.path);
    let pieces = chunkFile(file.text, { ...options.chunk, maxChars: pieceChars });
    // Review Changes: only the pieces that hold changed lines are worth the model's time
    if (options.diff) pieces = fileDiff ? pieces.filter((p) => touchesChangedLines(fileDiff, p, slack)) : [];
    for (const piece of pieces) {
      // each piece travels with the hunks that touch it, so the model sees what changed there
      const diffText = fileDiff ? diffForLines(fileDiff, piece.startLine, piece.endLine, pieceChars) : '';
      const add = piece.content.length + diffText.length;
      const tokensAfter = estimateTokens(chars + add) + (files_.length + 1) * FILE_OVERHEAD_TOKENS;
      if (files_.length >= limits.maxFilesPerRequest || chars + add > limits.maxCharsPerRequest || (files_.length && tokensAfter > limits.maxTokensPerRequest)) flush();
      files_.push({ path: file.path, language, content: piece.content, startLine: piece.startLine });
      if (diffText) diffs.push(diffText);
      chars += add;
    }
  }
  flush();
  return requests;
}

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  py: 'python', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala',
  rb: 'ruby', php: 'php', cs: 'csharp', swift: 'swift', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp',
  cxx: 'cpp', hpp: 'cpp', m: 'objective-c', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript',
  ps1: 'powershell', sql: 'sql', yaml: 'yaml', yml: 'yaml', tf: 'terraform', vue: 'vue', svelte: 'svelte',
  html: 'html', dart: 'dart', lua: 'lua', r: 'r', pl: 'perl', ex: 'elixir', exs: 'elixir',
};
const NAMED: Record<string, string> = { dockerfile: 'dockerfile', makefile: 'makefile' };

/** The VS Code language id for a source path, or undefined for data, docs and lockfiles. */
export function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (NAMED[name]) return NAMED[name];
  if (/\.min\.(js|css)$/.test(name)) return undefined; // minified bundles: nothing to review
  const dot = name.lastIndexOf('.');
  return dot > 0 ? LANGUAGES[name.slice(dot + 1)] : undefined;
}
