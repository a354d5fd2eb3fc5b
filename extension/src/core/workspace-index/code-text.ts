// Blanks out comments and string contents, line by line, so the symbol scanners' regexes and brace
// counting only see code: a `{` in a string or `def f(` in a docstring must not count. Quotes stay,
// contents become spaces, so columns and line numbers are unchanged. This is a lexer's rough cut,
// not a parser: good enough for declarations, which is all it is used for.

export interface CLikeOptions {
  /** Backtick strings that may span lines (JS template literals, Go raw strings). */
  backtick: boolean;
  /** Rust: `'` starts a char literal only when it looks like one (`'a'`, `'\n'`), else it is a lifetime. */
  rustQuotes?: boolean;
}

/** For C-family syntax: `//` and `/* *\/` comments, '…' "…" and optionally `…` strings. */
export function stripCLike(text: string, options: CLikeOptions): string[] {
  const out: string[] = [];
  let inBlock = false;
  let inBacktick = false;
  for (const line of text.split(/\r?\n/)) {
    let code = '';
    let i = 0;
    while (i < line.length) {
      const c = line[i]!;
      if (inBlock) {
        if (c === '*' && line[i + 1] === '/') {
          inBlock = false;
          code += '  ';
          i += 2;
        } else {
          code += ' ';
          i++;
        }
      } else if (inBacktick) {
        if (c === '\\') {
          code += '  ';
          i += 2;
        } else if (c === '`') {
          inBacktick = false;
          code += '`';
          i++;
        } else {
          code += ' ';
          i++;
        }
      } else if (c === '/' && line[i + 1] === '/') {
        break;
      } else if (c === '/' && line[i + 1] === '*') {
        inBlock = true;
        code += '  ';
        i += 2;
      } else if (c === '`' && options.backtick) {
        inBacktick = true;
        code += '`';
        i++;
      } else if (c === '"' || (c === "'" && (!options.rustQuotes || isRustChar(line, i)))) {
        // single-line strings: an unterminated one ends with the line, so damage stays local
        const [blank, next] = blankedString(line, i, c);
        code += blank;
        i = next;
      } else {
        code += c;
        i++;
      }
    }
    out.push(code);
  }
  return out;
}

/** For Python: `#` comments, '…' "…" and triple-quoted strings (which may span lines). */
export function stripPython(text: string): string[] {
  const out: string[] = [];
  let triple: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    let code = '';
    let i = 0;
    while (i < line.length) {
      const c = line[i]!;
      if (triple) {
        if (line.startsWith(triple, i)) {
          code += triple;
          i += 3;
          triple = undefined;
        } else {
          code += c === '\\' ? '  ' : ' ';
          i += c === '\\' ? 2 : 1;
        }
      } else if (c === '#') {
        break;
      } else if ((c === '"' || c === "'") && line.startsWith(c.repeat(3), i)) {
        triple = c.repeat(3);
        code += triple;
        i += 3;
      } else if (c === '"' || c === "'") {
        const [blank, next] = blankedString(line, i, c);
        code += blank;
        i = next;
      } else {
        code += c;
        i++;
      }
    }
    out.push(code);
  }
  return out;
}

/** The single-line string opening at `i`, blanked to spaces between its quotes, and where scanning resumes. */
function blankedString(line: string, i: number, quote: string): [string, number] {
  const end = closingQuote(line, i + 1, quote);
  return [quote + ' '.repeat(Math.max(0, end - i - 1)) + (end < line.length ? quote : ''), end + 1];
}

/** Index of the quote closing a string opened before `from`, or the line's length. */
function closingQuote(line: string, from: number, quote: string): number {
  let i = from;
  while (i < line.length) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === quote) return i;
    else i++;
  }
  return line.length;
}

function isRustChar(line: string, i: number): boolean {
  return /^'(?:[^\\']|\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.))'/.test(line.slice(i, i + 12));
}
