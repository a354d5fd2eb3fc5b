// Human (text) and machine (JSON) output of a review. SARIF lives in sarif.ts. The JSON shape is a
// zod schema, so what the CLI prints is validated before it leaves and scripts can rely on it.
import * as z from 'zod';
import { Finding, FindingSeverity } from '../../../../protocol';
import type { ReviewResult } from './run-review';

const SEVERITIES: readonly FindingSeverity[] = FindingSeverity.options; // critical first

export const ReviewSummary = z.object({
  total: z.number().int().nonnegative(),
  bySeverity: z.record(FindingSeverity, z.number().int().nonnegative()),
  files: z.number().int().nonnegative(),
  mode: z.enum(['online', 'offline']),
  offlineReason: z.string().optional(),
  /** Server requests that failed: the review is incomplete when this is not empty. */
  errors: z.array(z.object({ paths: z.array(z.string()), message: z.string() })),
  models: z.array(z.string()),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

export const ReviewJsonOutput = z.object({
  findings: z.array(Finding),
  summary: ReviewSummary,
  skipped: z.array(z.object({ path: z.string(), reason: z.string(), detail: z.string().optional() })),
});
export type ReviewJsonOutput = z.infer<typeof ReviewJsonOutput>;

export function summarize(result: ReviewResult): ReviewSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const f of result.findings) bySeverity[f.severity]++;
  return {
    total: result.findings.length,
    bySeverity,
    files: result.stats.files,
    mode: result.mode,
    ...(result.offlineReason ? { offlineReason: result.offlineReason } : {}),
    errors: result.errors.map((e) => ({ paths: e.paths, message: e.message })),
    models: result.stats.models,
  };
}

/** `{ findings, summary, skipped }`, pretty-printed; throws if it would not match the schema. */
export function formatJson(result: ReviewResult): string {
  const output = ReviewJsonOutput.parse({ findings: result.findings, summary: summarize(result), skipped: result.skipped });
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

const COLOURS: Record<FindingSeverity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };

/**
 * Findings grouped by file (`path:line:col severity rule title`), then one summary line with the
 * counts by severity, then why the review ran offline or was incomplete, if it did or was.
 */
export function formatText(result: ReviewResult, options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of result.findings) {
    if (f.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.file;
      lines.push(paint('1', f.file));
    }
    const where = `${f.file}:${f.range.startLine}:${f.range.startColumn ?? 1}`;
    lines.push(`  ${where} ${paint(COLOURS[f.severity], f.severity)} ${paint('2', f.ruleId)} ${f.title}`);
  }
  if (result.findings.length) lines.push('');
  const summary = summarize(result);
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s]).map((s) => `${summary.bySeverity[s]} ${s}`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(summary.total, 'finding')}${counts.length ? ` (${counts.join(', ')})` : ''} in ${plural(summary.files, 'file')} reviewed`
    + (result.mode === 'offline' ? ' — analyzers only' : ''));
  if (result.mode === 'offline') lines.push(`offline: ${result.offlineReason ?? 'no server'}; the AI review did not run`);
  if (result.skipped.length) {
    const byReason = new Map<string, number>();
    for (const s of result.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
    lines.push(`skipped: ${[...byReason].map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  }
  for (const e of result.errors) lines.push(paint('31', `error: the server review failed for ${e.paths.join(', ')}: ${e.message}`));
  return `${lines.join('\n')}\n`;
}
