/**
 * Turns what a user typed into an FTS5 query that cannot fail to parse and cannot use FTS5 syntax
 * (column filters, NEAR, AND/OR/NOT, parentheses, ^): the output is only double-quoted strings of
 * letters and digits, each optionally followed by `*`.
 *
 * - `"two words"` stays a phrase; an unclosed quote runs to the end of the input.
 * - Any other whitespace-separated chunk becomes the phrase of its words, so `user_id` and
 *   `foo.bar` match those words next to each other, as the tokenizer indexed them.
 * - A trailing `*` makes the last word a prefix, if that word has at least MIN_PREFIX characters
 *   (a one-letter prefix would expand to a large part of the vocabulary).
 * - Every chunk must match (FTS5's implicit AND). Operators typed as words are just words.
 * - Bounded: at most MAX_PHRASES distinct phrases of MAX_WORDS words of MAX_WORD_LENGTH characters,
 *   since each phrase costs a pass over its index entries.
 * Returns null when nothing searchable is left (only punctuation, say).
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CHUNK = /"([^"]*)"?(\*?)|([^\s"]+)/g;
export const MAX_PHRASES = 8;
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 64;
const MIN_PREFIX = 2;

export function toFtsQuery(input: string): string | null {
  const phrases = new Set<string>();
  for (const m of input.normalize('NFC').matchAll(CHUNK)) {
    const quoted = m[3] === undefined;
    const raw = quoted ? m[1]! : m[3]!;
    const words = [...raw.matchAll(WORD)].map((w) => w[0].slice(0, MAX_WORD_LENGTH)).slice(0, MAX_WORDS);
    if (!words.length) continue;
    const star = quoted ? m[2] === '*' : /[\p{L}\p{N}\p{M}]\*+$/u.test(raw);
    const prefix = star && words.at(-1)!.length >= MIN_PREFIX;
    phrases.add(`"${words.join(' ')}"${prefix ? '*' : ''}`);
    if (phrases.size === MAX_PHRASES) break;
  }
  return phrases.size ? [...phrases].join(' ') : null;
}

/** Splits FTS5 snippet()/highlight() output marked with MARK_OPEN / MARK_CLOSE into text and ranges. */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

export function parseHighlighted(marked: string): { text: string; highlights: { start: number; end: number }[] } {
  let text = '';
  const highlights: { start: number; end: number }[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_OPEN) open = text.length;
    else if (ch === MARK_CLOSE) {
      if (open >= 0 && text.length > open) highlights.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, highlights };
}
