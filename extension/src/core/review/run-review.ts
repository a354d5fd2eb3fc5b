// One review, as the CLI and the editor's commands (Review File/Selection/Changes, Scan for
// Vulnerabilities) run it: local analyzers always (offline, deterministic), plus the server's
// model review when there is a server; then one merged, deduplicated, sorted list of findings.
import type { Finding, ReviewKind, ReviewRequest, ReviewResponse } from '../../../../protocol';
import { ReviewResponse as ReviewResponseSchema } from '../../../../protocol';
import { UnauthorizedError } from '../errors';
import type { ChurnisticClient } from '../server-client';
import { parseUnifiedDiff, touchesChangedLines, type ChunkOptions, type DiffFile } from './chunk';
import { filterReviewable, planReviewRequests, type PlanLimits, type ReviewInputFile, type SkippedFile } from './request-plan';

/** The part of core/analysis's `Analyzer` a review needs (injected, so tests and hosts can swap it). */
export interface ReviewAnalyzer {
  analyze(input: { path: string; language?: string; text: string }): { findings: Finding[] } | Promise<{ findings: Finding[] }>;
}

/** Sends one review request; `serverReviewer(client)` is the real one. */
export interface ReviewServer {
  review(request: ReviewRequest, signal?: AbortSignal): Promise<ReviewResponse>;
}

/** `POST /api/v1/review` through the shared client (auth, error mapping, zod validation of the answer). */
export function serverReviewer(client: ChurnisticClient): ReviewServer {
  // a model review of 20 pieces takes far longer than the client's bookkeeping timeout
  return { review: (request, signal) => client.json('/api/v1/review', ReviewResponseSchema, { method: 'POST', body: request, signal, timeoutMs: 300_000 }) };
}

export type DedupeFn = (analyzerFindings: Finding[], llmFindings: Finding[]) => Finding[];

export interface ReviewProgress { done: number; total: number; file?: string }

export interface RunReviewOptions {
  files: readonly ReviewInputFile[];
  kind?: ReviewKind;
  /** A unified diff: only its changed files are reviewed, and only findings near changed lines kept. */
  diff?: string;
  /** Lines around a change that still count (default 3). */
  slack?: number;
  analyzer?: ReviewAnalyzer;
  /** Absent: analyzers only, and `offlineReason` says why in the result. */
  server?: ReviewServer;
  offlineReason?: string;
  /** Files the caller already left out (e.g. sensitive ones it did not read), reported with the rest. */
  skipped?: readonly SkippedFile[];
  isIgnored?: (path: string) => boolean;
  /** core/analysis's `dedupeFindings`; the default keeps one finding per rule/category and place. */
  dedupe?: DedupeFn;
  /** Requests in flight at once (default 2: reviews are long calls that count against rate limits). */
  concurrency?: number;
  limits?: Partial<PlanLimits>;
  chunk?: ChunkOptions;
  instructions?: string;
  model?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ReviewProgress) => void;
}

export interface ReviewFailure { paths: string[]; message: string; unauthorized?: boolean }

export interface ReviewResult {
  findings: Finding[];
  skipped: SkippedFile[];
  /** `online` when the server review ran (even if some requests failed: see `errors`). */
  mode: 'online' | 'offline';
  offlineReason?: string;
  errors: ReviewFailure[];
  stats: { files: number; requests: number; analyzerFindings: number; llmFindings: number; discarded: number; models: string[] };
}

export async function runReview(options: RunReviewOptions): Promise<ReviewResult> {
  const { signal } = options;
  const kind = options.kind ?? 'review';
  signal?.throwIfAborted();
  const diff = options.diff === undefined ? undefined : parseUnifiedDiff(options.diff);
  const changed = diff ? new Map(diff.filter((d) => d.path && !d.binary).map((d) => [d.path!, d])) : undefined;
  // with a diff, files outside it are simply not part of this review (not "skipped")
  const inScope = changed ? options.files.filter((f) => changed.has(f.path)) : options.files;
  const { kept, skipped: filtered } = filterReviewable(inScope, options.isIgnored);
  const skipped = [...(options.skipped ?? []), ...filtered];

  const plan = options.server
    ? planReviewRequests(kept, { kind, diff: diff?.filter((d) => d.path && changed!.has(d.path)), slack: options.slack, limits: options.limits, chunk: options.chunk, instructions: options.instructions, model: options.model })
    : [];
  const total = kept.length + plan.length;
  let done = 0;
  const tick = (file?: string) => options.onProgress?.({ done: ++done, total, file });
  options.onProgress?.({ done: 0, total });

  const analyzerFindings: Finding[] = [];
  for (const file of kept) {
    signal?.throwIfAborted();
    if (options.analyzer) {
      try {
        analyzerFindings.push(...(await options.analyzer.analyze({ path: file.path, language: file.language, text: file.text })).findings);
      } catch (e) {
        // one file the parser chokes on must not cost the whole review
        skipped.push({ path: file.path, reason: 'unreadable', detail: `analyzer failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    tick(file.path);
  }

  const llmFindings: Finding[] = [];
  const errors: ReviewFailure[] = [];
  const models = new Set<string>();
  let discarded = 0;
  let stopped = false; // after a 401 every other request would fail the same way
  await eachLimited(plan, options.concurrency ?? 2, async (planned) => {
    signal?.throwIfAborted();
    if (stopped) return;
    try {
      const answer = await options.server!.review(planned.request, signal);
      llmFindings.push(...answer.findings);
      discarded += answer.discarded;
      models.add(answer.model);
    } catch (e) {
      if (signal?.aborted) throw signal.reason ?? e;
      const unauthorized = e instanceof UnauthorizedError;
      if (unauthorized) stopped = true;
      errors.push({ paths: planned.paths, message: e instanceof Error ? e.message : String(e), ...(unauthorized ? { unauthorized } : {}) });
    }
    tick(planned.paths.join(', '));
  });
  signal?.throwIfAborted();

  const near = (f: Finding) => !changed || touchesChangedLines(changed.get(f.file) ?? { changed: [] }, f.range, options.slack ?? 3);
  const wanted = (f: Finding) => near(f) && (kind !== 'security' || f.category === 'security');
  const fromAnalyzers = analyzerFindings.filter(wanted);
  // chunks overlap by a few lines, so the model can report the same thing twice
  const fromModel = uniqueBy(llmFindings.filter(wanted), (f) => `${f.ruleId}\0${f.file}\0${f.range.startLine}\0${f.title}`);
  const merged = (options.dedupe ?? defaultDedupe)(fromAnalyzers, fromModel);

  const result: ReviewResult = {
    findings: sortFindings(merged),
    skipped,
    mode: options.server ? 'online' : 'offline',
    errors,
    stats: { files: kept.length, requests: plan.length, analyzerFindings: fromAnalyzers.length, llmFindings: fromModel.length, discarded, models: [...models] },
  };
  if (!options.server) result.offlineReason = options.offlineReason ?? 'no server configured';
  return result;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** By file, then line, then column, then worst severity first, then rule: stable output for diffs and tests. */
export function compareFindings(a: Finding, b: Finding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
    || a.range.startLine - b.range.startLine
    || (a.range.startColumn ?? 1) - (b.range.startColumn ?? 1)
    || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
    || a.ruleId.localeCompare(b.ruleId);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/**
 * Used when core/analysis's `dedupeFindings` is not passed in: a model finding is dropped when an
 * analyzer finding of the same category already covers an overlapping line range of the same file
 * (the analyzer's is deterministic and has a precise rule id); the analyzer one keeps the worse severity.
 */
export function defaultDedupe(analyzerFindings: Finding[], llmFindings: Finding[]): Finding[] {
  const out = uniqueBy(analyzerFindings, (f) => `${f.ruleId}\0${f.file}\0${f.range.startLine}\0${f.range.startColumn ?? 0}`).map((f) => ({ ...f }));
  for (const f of llmFindings) {
    const twin = out.find((a) => a.source === 'analyzer' && a.file === f.file && a.category === f.category
      && a.range.startLine <= f.range.endLine && f.range.startLine <= a.range.endLine);
    if (!twin) out.push(f);
    else if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[twin.severity]) twin.severity = f.severity;
  }
  return out;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Runs `work` over `items` with at most `limit` at once; the first rejection stops the rest. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

export type { DiffFile, ReviewInputFile, SkippedFile };
