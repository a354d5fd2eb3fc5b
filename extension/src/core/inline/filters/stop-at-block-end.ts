// Ends a multi-line completion where the block it belongs to ends. Models that are allowed
// several lines rarely stop by themselves: after the body they close the function and start the
// next one. The cursor's line (prefix line + the completion's first line) sets the level:
// - the completion opens a block when its first non-blank line after the first is indented
//   deeper than the cursor's line (a body, or the continuation lines of a statement). Then the
//   first later line back at the cursor's level ends it: kept when it closes the block (`}`,
//   `});`, `</div>`, `end`, `fi`…) and stop after it; passed over when it continues the same
//   statement (`} else {`, `else:`, `elif`, `except`, `catch`, `finally`); any other line there
//   (a new statement) is not kept;
// - otherwise lines at the cursor's level or deeper are kept (several statements are fine);
// - either way the first line indented less than the cursor's line ends the completion, and blank
//   lines in front of the cut go with it.
// Then at most ctx.maxLines lines are kept; an empty first line (the completion starts with a line
// break) does not count, since nothing shows on the cursor's line.
import type { CompletionFilter } from '../types';
import { currentLine, indentWidth, isBlank } from './lines';

const CLOSES_BLOCK = /^(?:[)\]}]|<\/|(?:end|fi|done|esac|endif|endfor|endwhile|wend)\b)/;
const CONTINUES_BLOCK = /^(?:[)\]}].*[{([:]|(?:else|elif|except|catch|finally)\b.*)$/;
const TRAILING_CR = /\r$/;

export const stopAtBlockEnd: CompletionFilter = (completion, ctx) => {
  if (!completion.includes('\n')) return completion;
  const lines = completion.split('\n');
  const cursorLine = currentLine(ctx.prefix) + lines[0];
  const level = indentWidth(cursorLine, ctx.indentUnit);

  let end = lines.length;
  let opens: boolean | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const width = indentWidth(line, ctx.indentUnit);
    opens ??= width > level;
    if (width > level) continue;
    if (width < level) {
      end = i;
      break;
    }
    if (!opens) continue;
    const text = line.trim();
    if (CONTINUES_BLOCK.test(text)) continue;
    end = CLOSES_BLOCK.test(text) ? i + 1 : i;
    break;
  }

  const maxLines = Math.max(1, ctx.maxLines) + (isBlank(lines[0]!) ? 1 : 0);
  end = Math.min(end, maxLines);
  if (end === lines.length) return completion;
  while (end > 1 && isBlank(lines[end - 1]!)) end--;
  const kept = lines.slice(0, end).join('\n').replace(TRAILING_CR, '');
  return kept.trim() ? kept : undefined;
};
