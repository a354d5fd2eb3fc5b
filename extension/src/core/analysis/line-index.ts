// Offsets (UTF-16 code units, as JavaScript strings, the TypeScript compiler and VS Code count) to
// the protocol's 1-based line/column, built once per file so every finding costs a binary search.
import type { SourceRange } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** `[start, end)` offsets to a range; `endColumn` is exclusive. */
  range(start: number, end: number): SourceRange {
    const sl = this.lineOf(start);
    const el = end > start ? this.lineOf(end - 1) : sl;
    // An end right after a line's last character stays on that line (exclusive column), never (line+1, col 1).
    return { startLine: sl + 1, startColumn: start - this.starts[sl]! + 1, endLine: el + 1, endColumn: end - this.starts[el]! + 1 };
  }
}
