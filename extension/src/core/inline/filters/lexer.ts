// Just enough lexing to tell which bracket characters are code: string literals and comments are
// skipped, so `print("(", x)` has one open paren, not two. Not a tokenizer: it knows quotes,
// comment markers and brackets per language family and nothing else (no regex literals, no
// template `${…}` nesting, no heredocs). Its state carries across texts, so the lexer that ends
// inside a string at the cursor reads the completion as the rest of that string.
//
// The state at the end of the prefix is memoised (one entry): every filter that needs it on the
// same request reuses it instead of re-reading a prefix of many kilobytes.

const OPENERS = '([{';
const CLOSERS = ')]}';
/** The opener a closer closes: `)` → `(`. */
export const OPENER_OF: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

export function isOpener(ch: string): boolean {
  return OPENERS.includes(ch);
}

export function isCloser(ch: string): boolean {
  return CLOSERS.includes(ch);
}

interface Syntax {
  lineComments: readonly string[];
  block?: readonly [string, string];
  /** Characters that open a string literal. */
  quotes: string;
  /** The subset of `quotes` whose literals may span lines (others end at the line break). */
  multiLine: string;
  /** `"""…"""` / `'''…'''` (Python, Kotlin, Java text blocks…). */
  triple: boolean;
  /** A `'` right after a letter or digit is an apostrophe (JSX text `Don't`, C++ `1'000`), not a string. */
  apostrophes: boolean;
  /** Rust: `'` opens a char literal only as `'x'` or `'\…'`; otherwise it is a lifetime (`'a`). */
  rustChars: boolean;
}

const C_LIKE: Syntax = {
  lineComments: ['//'], block: ['/*', '*/'], quotes: '\'"`', multiLine: '`', triple: false, apostrophes: true, rustChars: false,
};
const SYNTAX: Record<string, Syntax> = {
  python: { lineComments: ['#'], quotes: '\'"', multiLine: '', triple: true, apostrophes: false, rustChars: false },
  rust: { ...C_LIKE, quotes: '"\'', multiLine: '"', rustChars: true },
  php: { ...C_LIKE, lineComments: ['//', '#'], quotes: '\'"' },
  css: { ...C_LIKE, lineComments: [], quotes: '\'"' },
  html: { lineComments: [], block: ['<!--', '-->'], quotes: '', multiLine: '', triple: false, apostrophes: true, rustChars: false },
  sql: { ...C_LIKE, lineComments: ['--'], quotes: '\'"' },
  markdown: { lineComments: [], quotes: '', multiLine: '', triple: false, apostrophes: true, rustChars: false },
};
const HASH: Syntax = { lineComments: ['#'], quotes: '\'"`', multiLine: '`', triple: false, apostrophes: true, rustChars: false };
for (const id of ['shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile', 'dockerfile', 'powershell', 'elixir', 'julia', 'coffeescript', 'nim', 'graphql']) SYNTAX[id] = HASH;
for (const id of ['java', 'kotlin', 'scala', 'swift', 'dart', 'groovy']) SYNTAX[id] = { ...C_LIKE, triple: true };
for (const id of ['lua', 'haskell', 'elm']) SYNTAX[id] = { ...C_LIKE, lineComments: ['--'], block: undefined, quotes: '\'"' };
for (const id of ['scss', 'less']) SYNTAX[id] = { ...C_LIKE, quotes: '\'"' };
for (const id of ['xml', 'svg', 'xsl']) SYNTAX[id] = SYNTAX.html!;
for (const id of ['plaintext', 'mdx', 'latex', 'restructuredtext']) SYNTAX[id] = SYNTAX.markdown!;

/** A syntax plus a table of the ASCII characters that can start something in code. */
interface Lexicon extends Syntax {
  starts: Uint8Array;
}

const lexicons = new Map<Syntax, Lexicon>();

function lexiconFor(languageId: string): Lexicon {
  const syntax = SYNTAX[languageId] ?? C_LIKE;
  let lexicon = lexicons.get(syntax);
  if (!lexicon) {
    const starts = new Uint8Array(128);
    for (const ch of OPENERS + CLOSERS + syntax.quotes) starts[ch.charCodeAt(0)] = 1;
    for (const marker of [...syntax.lineComments, ...(syntax.block ? [syntax.block[0]] : [])]) starts[marker.charCodeAt(0)] = 1;
    lexicon = { ...syntax, starts };
    lexicons.set(syntax, lexicon);
  }
  return lexicon;
}

const CODE = 0, STRING = 1, TRIPLE = 2, LINE_COMMENT = 3, BLOCK_COMMENT = 4;
const LF = 10, BACKSLASH = 92, APOSTROPHE = 39;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** Calls back for a bracket in code; returning false stops the scan there. */
export type BracketVisitor = (ch: string, index: number) => boolean | void;

export class BracketLexer {
  private mode = CODE;
  /** The quote character of the string being read. */
  private quote = 0;
  /** A backslash in a string was the last character of the previous text. */
  private escaped = false;

  constructor(private readonly lexicon: Lexicon) {}

  static forLanguage(languageId: string): BracketLexer {
    return new BracketLexer(lexiconFor(languageId));
  }

  clone(): BracketLexer {
    const copy = new BracketLexer(this.lexicon);
    copy.mode = this.mode;
    copy.quote = this.quote;
    copy.escaped = this.escaped;
    return copy;
  }

  /** Whether the text read so far ends in code (not inside a string or comment). */
  get inCode(): boolean {
    return this.mode === CODE;
  }

  /** Reads `text`, reporting brackets in code. Returns the index it stopped at (text.length when done). */
  scan(text: string, visit?: BracketVisitor): number {
    // state in locals while scanning: this loop reads every character of the prefix
    const { lexicon } = this;
    const { starts, block } = lexicon;
    const blockEnd = block ? block[1] : '';
    const blockEndCode = blockEnd.charCodeAt(0);
    let { mode, quote, escaped } = this;
    let stringEndsAtLine = mode === STRING && !lexicon.multiLine.includes(String.fromCharCode(quote));
    const length = text.length;
    let i = 0;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (mode === CODE) {
        if (c >= 128 || starts[c] === 0) continue;
        const ch = text[i]!;
        if (OPENERS.includes(ch) || CLOSERS.includes(ch)) {
          if (visit && visit(ch, i) === false) break;
        } else if (lexicon.quotes.includes(ch)) {
          const to = this.stringStart(text, i, c);
          if (to < 0) {
            mode = to === -1 ? STRING : TRIPLE;
            quote = c;
            stringEndsAtLine = !lexicon.multiLine.includes(ch);
            if (mode === TRIPLE) i += 2;
          } else {
            i = to;
          }
        } else if (block && text.startsWith(block[0], i)) {
          mode = BLOCK_COMMENT;
          i += block[0].length - 1;
        } else if (lexicon.lineComments.some((marker) => text.startsWith(marker, i))) {
          mode = LINE_COMMENT;
        }
      } else if (escaped) {
        escaped = false;
      } else if (mode === LINE_COMMENT) {
        if (c === LF) mode = CODE;
      } else if (mode === BLOCK_COMMENT) {
        if (c === blockEndCode && text.startsWith(blockEnd, i)) {
          mode = CODE;
          i += blockEnd.length - 1;
        }
      } else if (c === BACKSLASH) {
        escaped = true;
      } else if (mode === STRING) {
        if (c === quote || (c === LF && stringEndsAtLine)) mode = CODE;
      } else if (c === quote && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        mode = CODE;
        i += 2;
      }
    }
    this.mode = mode;
    this.quote = quote;
    this.escaped = escaped;
    return Math.min(i, length);
  }

  /**
   * At a quote in code: -1 when a string starts here, -2 when a triple-quoted one does, else the
   * last index of what is not a string after all (an apostrophe, a Rust lifetime or char literal).
   */
  private stringStart(text: string, i: number, c: number): number {
    const { lexicon } = this;
    if (c === APOSTROPHE && lexicon.rustChars) {
      if (text.charCodeAt(i + 1) === BACKSLASH) return -1;
      // 'x' is a char literal; anything else ('a in `&'a str`) is a lifetime and not a string
      return text.charCodeAt(i + 2) === APOSTROPHE ? i + 2 : i;
    }
    if (c === APOSTROPHE && lexicon.apostrophes && i > 0 && isWordChar(text.charCodeAt(i - 1))) return i;
    if (lexicon.triple && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) return -2;
    return -1;
  }
}

export interface CursorBrackets {
  /** Openers before the cursor that are still open, outermost first. */
  open: readonly string[];
  /** The lexer positioned at the cursor (clone before use). */
  lexer: BracketLexer;
}

let memo: { prefix: string; languageId: string; result: CursorBrackets } | undefined;

/** The brackets still open at the end of `prefix`, and the lexer state there. */
export function bracketsAtCursor(prefix: string, languageId: string): CursorBrackets {
  if (memo && memo.prefix === prefix && memo.languageId === languageId) return memo.result;
  const lexer = BracketLexer.forLanguage(languageId);
  const open: string[] = [];
  lexer.scan(prefix, (ch) => {
    if (isOpener(ch)) {
      open.push(ch);
      return;
    }
    // a closer without its opener: the window starts after it, or the code is mid-edit; close down
    // to the nearest matching opener if there is one, else ignore it
    const at = open.lastIndexOf(OPENER_OF[ch]!);
    if (at !== -1) open.length = at;
  });
  const result = { open, lexer };
  memo = { prefix, languageId, result };
  return result;
}

/**
 * How many of the openers still open at the cursor the suffix closes, innermost first: 2 for
 * prefix `f(g(` and suffix `))`. Counting stops at the first closer that does not fit.
 */
export function closedBySuffix(suffix: string, at: CursorBrackets): number {
  const { open } = at;
  if (open.length === 0) return 0;
  const local: string[] = [];
  let closed = 0;
  at.lexer.clone().scan(suffix, (ch) => {
    if (isOpener(ch)) {
      local.push(ch);
      return true;
    }
    if (local.length) {
      local.pop();
      return true;
    }
    if (open[open.length - 1 - closed] !== OPENER_OF[ch]) return false;
    closed++;
    return closed < open.length;
  });
  return closed;
}
