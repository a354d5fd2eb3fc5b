// Keeps (), [] and {} balanced against the code around the cursor. Chat models like to finish the
// whole statement, closers included, although the editor already auto-closed them (or the rest of
// the function follows): `console.log(` + `"hi");` in front of `)` would leave `"hi"));`.
//
// Rules, with strings and comments skipped (see lexer.ts):
// - a closer that does not match the innermost open bracket (or closes more than is open) cuts
//   the completion there: what follows it is not code that fits here;
// - a closer that closes a bracket opened before the cursor which the suffix also closes cuts the
//   completion there, unless the completion reopens it (`} else {` in front of the suffix's `}`
//   is fine): the suffix's closer must still find the same brackets open after the insertion;
// - brackets the suffix does not close (end of file, no auto-closing) may be closed freely, and
//   brackets the completion leaves open are left alone (the user goes on typing).
// After a cut, trailing whitespace goes too, except a line break that puts the rest of the
// current line (`})` after `() => {|`) on a line of its own, as the cut closer was.
import type { CompletionFilter } from '../types';
import { OPENER_OF, bracketsAtCursor, closedBySuffix, isOpener } from './lexer';

const ANY_CLOSER = /[)\]}]/;
const TRAILING_WS = /\s+$/;

export const balanceBrackets: CompletionFilter = (completion, ctx) => {
  if (!ANY_CLOSER.test(completion)) return completion;
  const cursor = bracketsAtCursor(ctx.prefix, ctx.languageId);
  const before = cursor.open;
  const p = before.length;
  const s = closedBySuffix(ctx.suffix, cursor);

  const stack = before.slice();
  /** The suffix's closers still find what they close (indexes p-s … p-1 hold the same openers). */
  const intact = (): boolean => {
    for (let j = p - s; j < p; j++) if (j >= stack.length || stack[j] !== before[j]) return false;
    return true;
  };
  let end = completion.length;
  let lastSafeCut = -1;
  cursor.lexer.clone().scan(completion, (ch, i) => {
    if (isOpener(ch)) {
      stack.push(ch);
      return true;
    }
    if (stack[stack.length - 1] !== OPENER_OF[ch]) {
      end = i;
      return false;
    }
    // closing the innermost of the brackets the suffix closes: cutting here keeps them intact
    if (s > 0 && stack.length === p && intact()) lastSafeCut = i;
    stack.pop();
    return true;
  });

  if (!intact()) end = lastSafeCut;
  if (end === completion.length) return completion;
  return cutAt(completion, end, ctx.suffix);
};

function cutAt(completion: string, end: number, suffix: string): string | undefined {
  let kept = completion.slice(0, end);
  const ws = TRAILING_WS.exec(kept);
  if (ws) {
    const restOfLine = suffix.slice(0, lineEnd(suffix)).trim();
    const keepBreak = ws[0].includes('\n') && restOfLine !== '';
    if (!keepBreak) kept = kept.slice(0, ws.index);
  }
  return kept.trim() ? kept : undefined;
}

function lineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl === -1 ? text.length : nl;
}
