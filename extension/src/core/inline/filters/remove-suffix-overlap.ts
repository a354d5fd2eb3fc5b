// Removes the end of the completion that the text after the cursor already has. Models asked to
// fill a hole still write out the rest of the statement (`a, b);` in front of `);`) or the lines
// that follow (`return x;\n}` above `}`).
//
// Two passes, each taking the longest overlap that passes the bracket check:
// - lines: the completion's last lines (from line 2 on) equal, ignoring indentation and blank
//   lines, the lines that follow the cursor's line: drop them;
// - characters: the completion ends with the first k characters of the rest of the cursor's line:
//   drop those k.
// Bracket check: a dropped closer must not close a bracket the kept part opened. `f(` + `g(x)` in
// front of `)` keeps its `)`: without it the suffix's `)` would close `g(` and leave `f(` open.
import type { CompletionFilter, FilterContext } from '../types';
import { OPENER_OF, bracketsAtCursor, isOpener } from './lexer';

const ANY_CLOSER = /[)\]}]/;
/** Lines equal to the suffix's next line tried as the start of the duplicate (bounds degenerate loops). */
const MAX_ATTEMPTS = 16;

export const removeSuffixOverlap: CompletionFilter = (completion, ctx) => {
  if (!completion || !ctx.suffix) return completion;
  let text = dropDuplicatedLines(completion, ctx);
  if (text === undefined) return undefined;
  text = dropOverlappingChars(text, ctx);
  if (text === undefined) return undefined;
  return text;
};

function dropOverlappingChars(completion: string, ctx: FilterContext): string | undefined {
  let restOfLine = ctx.suffix.slice(0, lineEnd(ctx.suffix));
  if (restOfLine.endsWith('\r')) restOfLine = restOfLine.slice(0, -1);
  for (let k = Math.min(restOfLine.length, completion.length); k > 0; k--) {
    if (!completion.endsWith(restOfLine.slice(0, k))) continue;
    const kept = completion.slice(0, completion.length - k);
    if (!dropIsSafe(kept, completion.slice(kept.length), ctx)) continue;
    return kept.trim() ? kept : undefined;
  }
  return completion;
}

function dropDuplicatedLines(completion: string, ctx: FilterContext): string | undefined {
  const lines = completion.split('\n');
  if (lines.length < 2) return completion;
  const following = followingLines(ctx.suffix, lines.length);
  if (following.length === 0) return completion;
  let lineStart = lines[0]!.length + 1;
  let attempts = MAX_ATTEMPTS;
  for (let i = 1; i < lines.length && attempts > 0; lineStart += lines[i]!.length + 1, i++) {
    if (lines[i]!.trim() !== following[0]) continue;
    attempts--;
    if (!restMatches(lines, i, following)) continue;
    const kept = completion.slice(0, lineStart - 1).trimEnd();
    if (!dropIsSafe(kept, completion.slice(kept.length), ctx)) continue;
    return kept.trim() ? kept : undefined;
  }
  return completion;
}

/** Lines from `from` on (blank ones skipped) repeat `following` in order, until either runs out. */
function restMatches(lines: readonly string[], from: number, following: readonly string[]): boolean {
  let j = 0;
  for (let i = from; i < lines.length && j < following.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (line !== following[j]) return false;
    j++;
  }
  return true;
}

/** Up to `max` non-blank lines after the cursor's line, trimmed. */
function followingLines(suffix: string, max: number): string[] {
  const out: string[] = [];
  let start = suffix.indexOf('\n') + 1;
  while (start > 0 && start <= suffix.length && out.length < max) {
    const nl = suffix.indexOf('\n', start);
    const line = suffix.slice(start, nl === -1 ? suffix.length : nl).trim();
    if (line) out.push(line);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

/** Whether dropping `dropped` from the end keeps every closer the kept part needs. */
function dropIsSafe(kept: string, dropped: string, ctx: FilterContext): boolean {
  if (!ANY_CLOSER.test(dropped)) return true;
  const lexer = bracketsAtCursor(ctx.prefix, ctx.languageId).lexer.clone();
  const local: string[] = [];
  lexer.scan(kept, (ch) => {
    if (isOpener(ch)) local.push(ch);
    else if (local[local.length - 1] === OPENER_OF[ch]) local.pop();
  });
  const keptOpen = local.length;
  let safe = true;
  lexer.scan(dropped, (ch) => {
    if (isOpener(ch)) {
      local.push(ch);
      return true;
    }
    if (local.length === 0) return true; // closes something before the cursor: the suffix has it
    if (local.length <= keptOpen) {
      safe = false;
      return false;
    }
    local.pop();
    return true;
  });
  return safe;
}

function lineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl === -1 ? text.length : nl;
}
