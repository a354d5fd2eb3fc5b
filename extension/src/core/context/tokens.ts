// Token estimate for the chat's context meter and the attachment budgets, before anything is sent.
//
// Heuristic (the same idea as the server's calibrated estimator in
// server/src/domain/context-window/estimate.ts, cut down to cl100k-like rates so the editor ships no
// BPE tables): byte-level BPE tokenizers first split text into pre-tokens with cl100k's regular
// expression and merge each piece on its own, so we split the same way and price each piece by its
// kind and length —
// - a word after a space is one token up to ~9 characters (after a quote/dot up to ~5), then
//   about one more token per 5 characters (long identifiers are split into sub-words);
// - digits go in groups of three; whitespace runs (indentation, blank lines) are one token;
// - punctuation runs of up to 3 (`);`, `=>`, `});`) are one token, longer ones ~one per 2;
// - opaque strings (base64, keys, hashes) ~0.73 tokens per character: BPE finds few merges;
// - CJK ~1.1 per character, other non-ASCII letters ~0.42, other symbols ~1.2.
// Measured against gpt-tokenizer's cl100k_base on code and English prose it stays within ±15%
// (test/unit/chat-context/tokens.test.ts); the server counts for real, the meter only guides.

const PRE_TOKEN = /'(?:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/giu;
const OPAQUE_RUN = /[A-Za-z0-9+/=_-]{24,}/g;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /\p{L}/u;
const ASCII = /^[\x00-\x7f]*$/;
const WHITE = /^\s+$/;
const NUMBER = /^\p{N}+$/u;

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
const isOpaque = (run: string) => count(run, /\d/g) >= 2 && count(run, /[A-Z]/g) >= 2 && count(run, /[a-z]/g) >= 2;

/** Estimated cl100k-like token count of `text`. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  let from = 0;
  for (const run of text.matchAll(OPAQUE_RUN)) {
    if (!isOpaque(run[0])) continue;
    tokens += scan(text.slice(from, run.index)) + run[0].length * 0.73;
    from = run.index + run[0].length;
  }
  tokens += scan(from ? text.slice(from) : text);
  return Math.ceil(tokens);
}

function scan(text: string): number {
  let tokens = 0;
  for (const m of text.matchAll(PRE_TOKEN)) tokens += piece(m[0]);
  return tokens;
}

function piece(p: string): number {
  if (NUMBER.test(p)) return Math.ceil(p.length / 3);
  if (WHITE.test(p)) return 1 + Math.floor(p.length / 64);
  if (ASCII.test(p)) {
    if (p.charCodeAt(0) === 39 && p.length <= 3) return 1; // 's 'll 're
    if (!LETTER.test(p)) return p.length <= 3 ? 1 : 1 + (p.length - 3) * 0.45;
    const free = p.charCodeAt(0) === 32 ? 9 : 6; // how long a word stays one token
    return p.length <= free ? 1 : 1 + (p.length - free) * 0.2;
  }
  let ascii = 0;
  let other = 0;
  for (const ch of p) {
    const code = ch.codePointAt(0)!;
    if (code < 128) ascii++;
    else if (CJK.test(ch)) other += 1.1;
    else if (LETTER.test(ch)) other += 0.42;
    else if (code > 0xffff) other += 2.5;
    else other += 1.2;
  }
  return Math.max(1, (ascii ? Math.max(1, ascii / 5) : 0) + other);
}
