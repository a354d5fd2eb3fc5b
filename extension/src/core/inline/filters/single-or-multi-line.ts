// Single- versus multi-line suggestions, decided by where the cursor is (the way Copilot and Tabby
// do): a whole block fits on an empty line or after a block opener with nothing but closers after
// the cursor; in the middle of a line only the rest of that line does.
import type { CompletionFilter } from '../types';
import { ENDS_WITH_BLOCK_OPENER, ONLY_CLOSERS, currentLine, restOfLine } from './lines';

/**
 * Whether a multi-line suggestion fits at the cursor: the rest of the line is empty (or only
 * closing brackets and whitespace, optionally then `;` or `,`), and the line so far is blank or
 * ends with a block opener (`{`, `(`, `[`, `:`, `=>`, `then`, `do`).
 */
export function isMultilinePosition(prefix: string, suffix: string): boolean {
  if (!ONLY_CLOSERS.test(restOfLine(suffix))) return false;
  const line = currentLine(prefix).trimEnd();
  return line === '' || ENDS_WITH_BLOCK_OPENER.test(line);
}

/** With ctx.multiline false: the first line only, and nothing when that line is empty. */
export const singleOrMultiLine: CompletionFilter = (completion, ctx) => {
  if (ctx.multiline) return completion;
  const nl = completion.indexOf('\n');
  if (nl === -1) return completion;
  const first = completion.slice(0, nl).trimEnd();
  return first.trim() ? first : undefined;
};
