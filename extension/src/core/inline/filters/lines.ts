// Line and indentation helpers shared by the filters.

/** A line that ends with something that opens a block: `{`, `(`, `[`, `:`, `=>`, `then`, `do`, `do |x|`. */
export const ENDS_WITH_BLOCK_OPENER = /(?:[{([:]|=>|(?:^|\s)(?:then|do)|\bdo\s*\|[^|]*\|)$/;

/** What may follow the cursor on its line where a new line can start: closers, then `;` or `,`. */
export const ONLY_CLOSERS = /^[ \t)\]}]*[;,]?[ \t]*$/;

/** The cursor's line up to the cursor. */
export function currentLine(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}

/** The rest of the cursor's line after the cursor, without a CR. */
export function restOfLine(suffix: string): string {
  const nl = suffix.indexOf('\n');
  const rest = nl === -1 ? suffix : suffix.slice(0, nl);
  return rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Leading spaces and tabs of `line`. */
export function leadingWhitespace(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(0, i);
}

/** Columns of leading whitespace; a tab is one indentation step wide (4 in a tab-indented file). */
export function indentWidth(line: string, indentUnit: string): number {
  const tab = indentUnit === '\t' || indentUnit.length === 0 ? 4 : indentUnit.length;
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ' ') width++;
    else if (line[i] === '\t') width += tab;
    else break;
  }
  return width;
}
