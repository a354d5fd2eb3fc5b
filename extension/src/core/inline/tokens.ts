// A cheap token estimate for prompt budgets. Shipping a real BPE tokenizer would cost megabytes and
// milliseconds per keystroke; budgets only need to be right within ~20%, and erring high is safer
// than erring low (an over-long prompt is rejected or truncated upstream, a short one just loses
// a little context).
//
// The estimate follows how code tokenizers (cl100k, Llama 3) actually split text:
// - a run of letters/digits/underscore costs about one token per 4 characters (keywords are often
//   one token, camelCase identifiers several: 4 is the compromise);
// - a single space is part of the next word's token; longer runs of spaces or tabs are one token
//   per 8 characters (indentation is merged), and a line break with the indentation after it is
//   usually one token;
// - punctuation pairs merge often (`()`, `=>`, `===`, `);`): one token per 2 characters;
// - anything outside ASCII is one token per character (CJK, emoji, accented letters split badly).

const WORD = 1;
const SPACE = 2;
const NEWLINE = 3;
const PUNCT = 4;
const OTHER = 5;

// class of each ASCII code, built once
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) CLASS[c] = WORD;
  else if (c === 32 || c === 9) CLASS[c] = SPACE;
  else if (c === 10 || c === 13) CLASS[c] = NEWLINE;
  else CLASS[c] = PUNCT;
}

/** Estimated tokens of `text[start, end)`; no allocation, so it is fine on every keystroke. */
export function estimateTokens(text: string, start = 0, end = text.length): number {
  let tokens = 0;
  let i = Math.max(0, start);
  const stop = Math.min(end, text.length);
  while (i < stop) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? CLASS[code]! : OTHER;
    let j = i + 1;
    if (kind === OTHER) {
      tokens += 1;
      i = j;
      continue;
    }
    if (kind === NEWLINE) {
      // "\n" or "\r\n" plus the indentation that follows: one token
      if (code === 13 && j < stop && text.charCodeAt(j) === 10) j++;
      let k = j;
      while (k < stop && CLASS[text.charCodeAt(k)] === SPACE && k - j < 16) k++;
      tokens += 1;
      i = k;
      continue;
    }
    while (j < stop) {
      const next = text.charCodeAt(j);
      if (next >= 128 || CLASS[next] !== kind) break;
      j++;
    }
    const run = j - i;
    // a single space joins the word after it (" b" is one token)
    tokens += kind === WORD ? Math.ceil(run / 4) : kind === SPACE ? Math.ceil((run - 1) / 8) : Math.ceil(run / 2);
    i = j;
  }
  return tokens;
}

/** The inverse, for sizing character caps from token budgets: code averages ~3.5 characters a token. */
export function charsForTokens(tokens: number): number {
  return Math.max(0, Math.floor(tokens * 3.5));
}
