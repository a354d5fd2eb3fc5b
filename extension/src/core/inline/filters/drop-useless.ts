// Drops suggestions not worth showing:
// - empty or whitespace-only text;
// - degenerate loops: a line (or a block of 2–3 lines) repeated three times in a row, blank lines
//   ignored, indentation significant (`    }` / `  }` / `}` closing nested blocks is not a loop).
//   A real 3×3 table of identical rows is lost too; one missed suggestion is cheaper than showing
//   a model stuck in a loop;
// - text the document already has right after the cursor: the suffix starts with it exactly, or
//   its lines equal the next lines after the cursor, ignoring indentation, blank lines and CRLF.
import type { CompletionFilter } from '../types';
import { currentLine } from './lines';

const MAX_PERIOD = 3;
const REPEATS = 3;

export const dropUseless: CompletionFilter = (completion, ctx) => {
  if (completion.trim() === '') return undefined;
  if (ctx.suffix.startsWith(completion)) return undefined;
  // the first line as it will read: after the cursor line's text (its indentation, mostly)
  if (isLoop(nonBlankLines(currentLine(ctx.prefix) + completion, (line) => line.trimEnd()))) return undefined;
  if (repeatsSuffix(nonBlankLines(completion, (line) => line.trim()), ctx.suffix)) return undefined;
  return completion;
};

function nonBlankLines(text: string, map: (line: string) => string, max = Infinity): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (out.length >= max) break;
    if (line.trim()) out.push(map(line));
  }
  return out;
}

function isLoop(lines: readonly string[]): boolean {
  for (let period = 1; period <= MAX_PERIOD; period++) {
    const span = period * REPEATS;
    for (let start = 0; start + span <= lines.length; start++) {
      let same = true;
      for (let i = start + period; i < start + span && same; i++) same = lines[i] === lines[i - period];
      if (same) return true;
    }
  }
  return false;
}

function repeatsSuffix(lines: readonly string[], suffix: string): boolean {
  // only the first lines of the suffix matter; splitting more than needed would cost on big windows
  const head = suffix.slice(0, nthNewline(suffix, lines.length * 4));
  const following = nonBlankLines(head, (line) => line.trim(), lines.length);
  if (following.length < lines.length) return false;
  return lines.every((line, i) => line === following[i]);
}

function nthNewline(text: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text.length;
  }
  return at;
}
