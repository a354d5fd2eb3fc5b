// The part of the current file around the cursor that goes into the prompt, sized by tokens.
// Whole lines only (a half line at the top confuses models about indentation), except that the
// cursor's own line is always kept and cut by characters if it alone is over budget (minified code).
// Lines are found with indexOf/lastIndexOf from the cursor outwards, so a 5 MB file costs the
// same as a 50-line one.
import { charsForTokens, estimateTokens } from './tokens';

export interface WindowBudget {
  prefixTokens: number;
  suffixTokens: number;
}

export interface ContextWindow {
  prefix: string;
  suffix: string;
  /** Offset in the document where `prefix` starts. */
  prefixStart: number;
  /** Offset in the document where `suffix` ends. */
  suffixEnd: number;
  prefixTokens: number;
  suffixTokens: number;
  /** Whether lines above / below were left out. */
  prefixTruncated: boolean;
  suffixTruncated: boolean;
}

/** Shares of the prompt budget: the prefix matters most, the suffix mostly tells where to stop. */
export const PREFIX_SHARE = 0.6;
export const SUFFIX_SHARE = 0.15;

export function budgetsFor(maxPromptTokens: number): WindowBudget {
  return {
    prefixTokens: Math.floor(maxPromptTokens * PREFIX_SHARE),
    suffixTokens: Math.floor(maxPromptTokens * SUFFIX_SHARE),
  };
}

export function cutWindow(text: string, offset: number, budget: WindowBudget): ContextWindow {
  const cursor = Math.max(0, Math.min(offset, text.length));
  const before = cutBefore(text, cursor, Math.max(0, budget.prefixTokens));
  const after = cutAfter(text, cursor, Math.max(0, budget.suffixTokens));
  return {
    prefix: text.slice(before.start, cursor),
    suffix: text.slice(cursor, after.end),
    prefixStart: before.start,
    suffixEnd: after.end,
    prefixTokens: before.tokens,
    suffixTokens: after.tokens,
    prefixTruncated: before.start > 0,
    suffixTruncated: after.end < text.length,
  };
}

function cutBefore(text: string, cursor: number, budget: number): { start: number; tokens: number } {
  let start = lineStart(text, cursor);
  let tokens = estimateTokens(text, start, cursor);
  if (tokens > budget) {
    // the cursor line alone is too long: keep its end, which is what the completion continues
    const keep = Math.min(cursor - start, charsForTokens(budget));
    start = cursor - keep;
    return { start, tokens: estimateTokens(text, start, cursor) };
  }
  while (start > 0) {
    const above = lineStart(text, start - 1);
    const cost = estimateTokens(text, above, start);
    if (tokens + cost > budget) break;
    tokens += cost;
    start = above;
  }
  return { start, tokens };
}

function cutAfter(text: string, cursor: number, budget: number): { end: number; tokens: number } {
  let end = lineEnd(text, cursor);
  let tokens = estimateTokens(text, cursor, end);
  if (tokens > budget) {
    const keep = Math.min(end - cursor, charsForTokens(budget));
    end = cursor + keep;
    return { end, tokens: estimateTokens(text, cursor, end) };
  }
  while (end < text.length) {
    const below = lineEnd(text, end);
    const cost = estimateTokens(text, end, below);
    if (tokens + cost > budget) break;
    tokens += cost;
    end = below;
  }
  return { end, tokens };
}

/** Offset of the first character of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break ending the line at `offset` (or the end of the text). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Text of the cursor's line before the cursor. */
export function linePrefix(text: string, offset: number): string {
  return text.slice(lineStart(text, offset), offset);
}

/** Text of the cursor's line after the cursor, without the line break. */
export function lineSuffix(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  return text.slice(offset, end > offset && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
}
