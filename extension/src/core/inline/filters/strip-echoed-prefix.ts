// Removes what the model repeated of the text before the cursor. Asked to fill a hole, chat models
// often restate the start of the line (`const total = items.reduce(` again), the indentation the
// cursor is already past, or the last few lines, then continue.
//
// What counts as an echo (the longest one wins):
// - the completion starts with the prefix's last k characters, where k ≥ MIN_ECHO or the overlap
//   begins at a line start (whole lines, or the whole cursor line however short: `i` + `if (…`);
//   line breaks compare equal whether CRLF or LF, since documents may be CRLF and models write LF.
//   Not when the cursor's line has text and the completion starts with a line break: that adds a
//   line after it (`attempt();` + `\n  attempt();` retries), it does not restate it;
// - the completion starts with the cursor line's text without its indentation, after any
//   indentation of its own (`    return ` + `return x` → `x`);
// - short of those, whitespace the cursor line already ends with (`f(a, ` + ` b)` → `b)`).
// Shorter overlaps are left alone: `foo(` + `(x)` may well mean `foo((x)`.
import type { CompletionFilter } from '../types';

const MIN_ECHO = 4;
const CRLF = /\r\n/g;
const LEADING_BREAK = /^\r?\n/;

export const stripEchoedPrefix: CompletionFilter = (completion, ctx) => {
  const { prefix } = ctx;
  if (!completion || !prefix) return completion;
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const content = line.trimStart();
  const addsLine = content !== '' && LEADING_BREAK.test(completion);
  let cut = addsLine ? 0 : tailOverlap(prefix, completion);
  if (content) {
    const lead = leadingBlanks(completion);
    if (lead + content.length > cut && completion.startsWith(content, lead)) cut = lead + content.length;
    if (cut === 0) {
      const trailing = line.length - line.trimEnd().length;
      cut = Math.min(trailing, lead);
    }
  }
  if (cut === 0) return completion;
  const rest = completion.slice(cut);
  return rest.trim() ? rest : undefined;
};

/**
 * Length (in `completion`) of the longest start of `completion` that the prefix ends with,
 * counting only overlaps of MIN_ECHO characters or more, or ones that start a line.
 */
function tailOverlap(prefix: string, completion: string): number {
  // compare with LF line ends on both sides; the prefix tail needs to be no longer than the completion
  const tailStart = Math.max(0, prefix.length - completion.length * 2 - 2);
  const tail = normalize(prefix.slice(tailStart));
  const text = normalize(completion);
  const first = text.charCodeAt(0);
  for (let k = Math.min(tail.length, text.length); k > 0; k--) {
    const start = tail.length - k;
    if (tail.charCodeAt(start) !== first || !tail.startsWith(text.slice(0, k), start)) continue;
    const atLineStart = start > 0 ? tail.charCodeAt(start - 1) === 10 : tailStart === 0;
    if (k >= MIN_ECHO || atLineStart) return originalLength(completion, k);
  }
  return 0;
}

function normalize(text: string): string {
  return text.includes('\r') ? text.replace(CRLF, '\n') : text;
}

/** How many characters of `original` make up the first `n` characters of its LF-normalized form. */
function originalLength(original: string, n: number): number {
  if (!original.includes('\r')) return n;
  let i = 0;
  for (let counted = 0; counted < n; i++) {
    if (original.charCodeAt(i) === 13 && original.charCodeAt(i + 1) === 10) continue;
    counted++;
  }
  return i;
}

function leadingBlanks(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
