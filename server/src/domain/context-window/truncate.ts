// Attached files that do not fit: keep the head and the tail of each, with a marker line where
// lines were cut, so the model (and the user, through the context event) knows exactly what is
// missing. Never silent: every cut is reported.
import type { CodeContext } from '../../../../protocol';
import { formatContext } from '../chat-prompt';

export interface AttachmentCut {
  fileName: string;
  totalLines: number;
  /** 0 when the file was left out entirely (only a note says it was attached). */
  keptLines: number;
}

export interface FittedAttachment {
  /** The text sent for this attachment: its fenced block, shortened or replaced by a note. */
  block: string;
  tokens: number;
  cut?: AttachmentCut;
}

type Count = (text: string) => number;

/** 1-based line numbers as the user sees them in the editor. */
const firstLineOf = (c: CodeContext) => (c.startLine ?? 0) + 1;
const thousands = (n: number) => n.toLocaleString('en-US');

/** The line that replaces the middle of a file. */
export function cutMarker(c: CodeContext, from: number, to: number): string {
  const base = firstLineOf(c);
  const n = to - from;
  return `[… ${thousands(n)} line${n === 1 ? '' : 's'} cut here (lines ${base + from}–${base + to - 1}) to fit the model's context window …]`;
}

/** What stands for a file that did not fit at all. */
export function omittedNote(c: CodeContext, totalLines: number): string {
  return `[${c.fileName} (${thousands(totalLines)} line${totalLines === 1 ? '' : 's'}) was attached but left out: it did not fit the model's context window.]`;
}

/** Keeps the first ⌈k/2⌉ and last ⌊k/2⌋ lines: the head has imports and signatures, the tail how it ends. */
function keep(c: CodeContext, lines: string[], k: number): string {
  const head = Math.ceil(k / 2);
  const tail = Math.floor(k / 2);
  const code = [...lines.slice(0, head), cutMarker(c, head, lines.length - tail), ...lines.slice(lines.length - tail)].join('\n');
  return formatContext({ ...c, code });
}

/**
 * The attachment as a block of at most `maxTokens`: whole if it fits, else the most head and
 * tail lines that fit around the marker, else a one-line note (which may still exceed a tiny
 * budget; the caller decides what then).
 */
export function fitAttachment(c: CodeContext, maxTokens: number, count: Count): FittedAttachment {
  const whole = formatContext(c);
  const wholeTokens = count(whole);
  if (wholeTokens <= maxTokens) return { block: whole, tokens: wholeTokens };

  const lines = c.code.split('\n');
  // Per-line costs add up to about the whole (BPE pre-tokens rarely cross a line end), so the
  // search runs on prefix sums and only the result is counted for real, then trimmed until it fits.
  const lineTokens = lines.map((l) => count(`${l}\n`));
  const frame = count(keep(c, lines, 0));
  const prefix = [0];
  for (const t of lineTokens) prefix.push(prefix.at(-1)! + t);
  const approx = (k: number) => frame + prefix[Math.ceil(k / 2)]! + (prefix[lines.length]! - prefix[lines.length - Math.floor(k / 2)]!);

  let lo = 0;
  let hi = lines.length - 1; // cutting a single line is pointless: keep at most all but two
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (approx(mid) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  for (let k = lo; k > 0; k = Math.min(k - 1, Math.floor(k * 0.95))) {
    const block = keep(c, lines, k);
    const tokens = count(block);
    if (tokens <= maxTokens) return { block, tokens, cut: { fileName: c.fileName, totalLines: lines.length, keptLines: k } };
  }
  const note = omittedNote(c, lines.length);
  return { block: note, tokens: count(note), cut: { fileName: c.fileName, totalLines: lines.length, keptLines: 0 } };
}

/**
 * Shares `budget` tokens among the attachments, smallest first: each gets an equal share of what
 * is left, and what a small file does not need goes to the bigger ones. `perBlock` is the cost of
 * joining a block to the turn.
 */
export function fitAttachments(contexts: CodeContext[], budget: number, count: Count, perBlock: number): FittedAttachment[] {
  const order = contexts.map((c, i) => ({ c, i, tokens: count(formatContext(c)) })).sort((a, b) => a.tokens - b.tokens);
  const out: FittedAttachment[] = new Array(contexts.length);
  let left = budget;
  order.forEach(({ c, i }, n) => {
    const share = Math.floor(left / (order.length - n)) - perBlock;
    const fitted = fitAttachment(c, Math.max(0, share), count);
    out[i] = fitted;
    left -= fitted.tokens + perBlock;
  });
  return out;
}
