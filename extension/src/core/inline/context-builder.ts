// Runs every ContextSource in parallel, each against its own time budget. A source that is late is
// skipped: its signal is aborted and its promise is never awaited again, so one slow language
// server cannot hold a keystroke's completion hostage. What arrives in time is deduplicated, cut
// to each source's token budget, then fitted into the prompt's remaining budget by score.
import type { Logger } from '../logger';
import { estimateTokens } from './tokens';
import type { Clock, ContextSource, DocumentSnapshot, Snippet, SnippetSource } from './types';

export type SourceStatus = 'ok' | 'timeout' | 'error' | 'aborted';

export interface SourceReport {
  name: SnippetSource;
  status: SourceStatus;
  /** Snippets the source returned (before budgets and dedupe). */
  returned: number;
  ms: number;
}

export interface BuiltContext {
  /** Best first. */
  snippets: Snippet[];
  tokens: number;
  reports: SourceReport[];
}

export interface BuildContextOptions {
  sources: readonly ContextSource[];
  /** Tokens every snippet together may use (after the prefix/suffix window took its share). */
  budgetTokens: number;
  clock: Clock;
  signal: AbortSignal;
  /** Text already in the prompt (the window around the cursor): snippets repeating it are dropped. */
  windowText?: string;
  logger?: Logger;
}

/**
 * Scores are only comparable within one source, so each source's scores are scaled to (0, 1] and
 * weighted by how often that kind of context helps: a definition of the symbol being used beats
 * a look-alike window of some open tab.
 */
export const SOURCE_WEIGHTS: Record<SnippetSource, number> = {
  definition: 1,
  import: 0.9,
  recent: 0.8,
  open: 0.7,
  workspace: 0.6,
};

function weight(source: ContextSource): number {
  return SOURCE_WEIGHTS[source.name] ?? 0.5;
}

/** Tokens a snippet costs in a prompt: its text plus the header line naming its file. */
export function snippetTokens(snippet: Pick<Snippet, 'path' | 'text'>): number {
  return estimateTokens(snippet.text) + estimateTokens(snippet.path) + 8;
}

export async function buildContext(doc: DocumentSnapshot, options: BuildContextOptions): Promise<BuiltContext> {
  const results = await Promise.all(options.sources.map((source) => runSource(source, doc, options)));
  const reports = results.map((r) => r.report);
  for (const report of reports) {
    if (report.status !== 'ok') options.logger?.debug(`inline context: source ${report.name} ${report.status} after ${report.ms} ms`);
  }

  const seen: Snippet[] = [];
  const window = options.windowText ?? '';
  const candidates: Array<{ snippet: Snippet; rank: number; tokens: number }> = [];
  // the more trusted source keeps a snippet that two sources found
  const order = results.map((_, i) => i).sort((a, b) => weight(options.sources[b]!) - weight(options.sources[a]!));
  for (const i of order) {
    const { snippets } = results[i]!;
    const source = options.sources[i]!;
    const ordered = snippets
      .filter((s) => typeof s.text === 'string' && s.text.trim() && Number.isFinite(s.score))
      .sort((a, b) => b.score - a.score);
    const top = Math.max(...ordered.map((s) => s.score), Number.MIN_VALUE);
    let used = 0;
    for (const snippet of ordered) {
      if (isDuplicate(snippet, seen, window)) continue;
      const tokens = snippetTokens(snippet);
      if (used + tokens > source.budgetTokens) continue;
      used += tokens;
      seen.push(snippet);
      const scaled = top > 0 ? Math.max(snippet.score, 0) / top : 0;
      candidates.push({ snippet, tokens, rank: scaled * weight(source) });
    }
  }

  candidates.sort((a, b) => b.rank - a.rank);
  const snippets: Snippet[] = [];
  let tokens = 0;
  for (const c of candidates) {
    if (tokens + c.tokens > options.budgetTokens) continue;
    tokens += c.tokens;
    snippets.push(c.snippet);
  }
  return { snippets, tokens, reports };
}

/** Same text (modulo whitespace), text contained in a kept snippet of the same file, or already in the window. */
function isDuplicate(snippet: Snippet, kept: readonly Snippet[], window: string): boolean {
  const text = snippet.text.trim();
  if (window && window.includes(text)) return true;
  const norm = normalize(text);
  return kept.some((k) => {
    const other = normalize(k.text);
    if (other === norm) return true;
    return k.path === snippet.path && (other.includes(norm) || norm.includes(other));
  });
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface SourceResult {
  snippets: Snippet[];
  report: SourceReport;
}

function runSource(source: ContextSource, doc: DocumentSnapshot, options: BuildContextOptions): Promise<SourceResult> {
  const { clock, signal } = options;
  const started = clock.now();
  const controller = new AbortController();
  return new Promise<SourceResult>((resolve) => {
    let settled = false;
    const finish = (status: SourceStatus, snippets: Snippet[] = []): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // a skipped source learns it is no longer wanted; its late answer is dropped
      if (status !== 'ok') controller.abort();
      resolve({ snippets, report: { name: source.name, status, returned: snippets.length, ms: Math.round(clock.now() - started) } });
    };
    const onAbort = (): void => finish('aborted');
    const timer = clock.setTimeout(() => finish('timeout'), Math.max(0, source.timeoutMs));
    if (signal.aborted) return finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    let pending: Promise<Snippet[]>;
    try {
      pending = Promise.resolve(source.collect(doc, controller.signal));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (snippets) => finish('ok', Array.isArray(snippets) ? snippets : []),
      (error: unknown) => {
        if (!settled) options.logger?.debug(`inline context: source ${source.name} failed: ${String(error)}`);
        finish('error');
      },
    );
  });
}
