// Clipping attachments to the question's budget, in the editor, before sending.
//
// Rules:
// - Total budget for one question's attachments: half of what the question may use,
//   floor((contextWindow - reserve) / 2). The other half is left for the conversation so far and
//   the typed question; the server fits the whole turn again and may shorten further.
// - Per-attachment budget by kind (KIND_BUDGET, never more than the total): a selection or a file
//   is what the user asked about and gets the most; problems, a diff and workspace snippets are
//   supporting material and get less.
// - An item over its budget keeps its first ⌈k/2⌉ and last ⌊k/2⌋ lines (imports and signatures at
//   the head, how it ends at the tail) around a marker line `… N lines omitted …`, with the
//   largest k that fits, and gets `clipped: { totalLines, keptLines }`.
// - Items are placed in priority order (selection, file, problems, diff, workspace; the user's
//   order within a kind) and returned in the user's order. An item that no longer fits in what is
//   left is clipped to the remainder, and when not even MIN_USEFUL_LINES lines fit it is dropped
//   with a reason the caller shows: nothing is ever left out silently.
import type { CodeContext, ContextKind } from '../../../../protocol';
import { estimateTokens } from './tokens';

export const KIND_BUDGET: Record<ContextKind, number> = {
  selection: 8_000,
  file: 8_000,
  diff: 4_000,
  problems: 2_000,
  workspace: 2_000,
};
const PRIORITY: ContextKind[] = ['selection', 'file', 'problems', 'diff', 'workspace'];
/** Fewer kept lines than this is not worth sending: the item is dropped instead. */
export const MIN_USEFUL_LINES = 4;

export type CountTokens = (text: string) => number;

export interface FitOptions {
  contextWindow: number;
  /** Tokens kept for the answer. */
  reserve: number;
  countTokens?: CountTokens;
}

export interface FitResult {
  items: CodeContext[];
  dropped: { fileName: string; reason: string }[];
}

export const omittedMarker = (n: number) => `… ${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'} omitted …`;

/** The tokens one attachment costs in the turn (code plus its `name:` line and fence). */
export function attachmentTokens(c: CodeContext, count: CountTokens = estimateTokens): number {
  return count(c.code) + count(c.fileName) + 8;
}

export function attachmentBudget(opts: Pick<FitOptions, 'contextWindow' | 'reserve'>): number {
  return Math.max(0, Math.floor((opts.contextWindow - opts.reserve) / 2));
}

/**
 * The item within `maxTokens`: itself if it fits, else head and tail lines around the marker;
 * undefined when fewer than `minLines` lines would fit.
 */
export function clipAttachment(c: CodeContext, maxTokens: number, count: CountTokens = estimateTokens, minLines = MIN_USEFUL_LINES): CodeContext | undefined {
  if (attachmentTokens(c, count) <= maxTokens) return c;
  const lines = c.code.split('\n');
  const frame = attachmentTokens({ ...c, code: omittedMarker(lines.length) }, count);
  const lineTokens = lines.map((l) => count(l) + 1);
  const prefix = [0];
  for (const t of lineTokens) prefix.push(prefix.at(-1)! + t);
  const cost = (k: number) => frame + prefix[Math.ceil(k / 2)]! + prefix[lines.length]! - prefix[lines.length - Math.floor(k / 2)]!;
  let lo = 0;
  let hi = lines.length - 2; // cutting fewer than two lines saves nothing
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(mid) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  // per-line sums approximate the whole; confirm with a real count and back off if needed
  for (let k = lo; k >= minLines && k > 0; k = Math.min(k - 1, Math.floor(k * 0.95))) {
    const clipped = keepHeadTail(c, lines, k);
    if (attachmentTokens(clipped, count) <= maxTokens) return clipped;
  }
  return undefined;
}

function keepHeadTail(c: CodeContext, lines: string[], k: number): CodeContext {
  const head = Math.ceil(k / 2);
  const tail = Math.floor(k / 2);
  const omitted = lines.length - k;
  const code = [...lines.slice(0, head), omittedMarker(omitted), ...lines.slice(lines.length - tail)].join('\n');
  // an item the editor already shortened keeps its original total
  const totalLines = c.clipped ? c.clipped.totalLines : lines.length;
  const keptLines = c.clipped ? Math.max(0, c.clipped.keptLines - omitted) : k;
  return { ...c, code, clipped: { totalLines, keptLines } };
}

export function fitAttachments(items: CodeContext[], opts: FitOptions): FitResult {
  const count = opts.countTokens ?? estimateTokens;
  const total = attachmentBudget(opts);
  const rank = (c: CodeContext) => PRIORITY.indexOf(c.kind ?? 'selection');
  const order = items.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i);
  const kept = new Map<number, CodeContext>();
  const dropped: FitResult['dropped'] = [];
  let left = total;
  for (const { c, i } of order) {
    const own = Math.min(KIND_BUDGET[c.kind ?? 'selection'], left);
    const fitted = own > 0 ? clipAttachment(c, own, count) : undefined;
    if (!fitted) {
      dropped.push({ fileName: c.fileName, reason: dropReason(c, own, total, left) });
      continue;
    }
    kept.set(i, fitted);
    left -= attachmentTokens(fitted, count);
  }
  return { items: items.flatMap((_, i) => (kept.has(i) ? [kept.get(i)!] : [])), dropped };
}

function dropReason(c: CodeContext, own: number, total: number, left: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (left < total && own === left) {
    return `left out: the attachments before it used ${n(total - left)} of the ${n(total)} tokens a question may attach`;
  }
  return `left out: even shortened to ${MIN_USEFUL_LINES} lines it does not fit the ${n(own)} tokens allowed for ${c.kind ?? 'a selection'}`;
}
