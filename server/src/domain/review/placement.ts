// Puts the model's findings on the lines that were actually sent. Models miscount lines (by a few,
// typically around long blocks), invent paths, or cite lines outside the piece they were shown:
// a finding is only useful to the editor if its range is real, so each one is checked against the
// pieces of the request and either placed exactly or dropped (and counted, never silently).
import type { Finding, ReviewFile, SourceRange, SuggestedFix } from '../../../../protocol';
import type { RawFinding, RawFix } from './raw-finding';

/** How far from the reported line a quote is looked for. */
export const QUOTE_SEARCH_RADIUS = 5;

interface Piece {
  file: ReviewFile;
  lines: string[];
  first: number;
  last: number;
}

export interface Placed {
  findings: Finding[];
  discarded: number;
}

/** `./src/a.ts` and `src\a.ts` are the `src/a.ts` that was sent. */
const normalizePath = (p: string) => p.trim().replace(/\\/g, '/').replace(/^\.\//, '');

export function placeFindings(raw: RawFinding[], files: ReviewFile[]): Placed {
  const pieces: Piece[] = files.map((file) => {
    const lines = file.content.split(/\r?\n/);
    return { file, lines, first: file.startLine, last: file.startLine + lines.length - 1 };
  });
  const findings: Finding[] = [];
  let discarded = 0;
  for (const r of raw) {
    const placed = place(r, pieces.filter((p) => normalizePath(p.file.path) === normalizePath(r.file)));
    if (placed) findings.push(placed);
    else discarded++;
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.startLine - b.range.startLine);
  return { findings, discarded };
}

function place(r: RawFinding, candidates: Piece[]): Finding | undefined {
  let [start, end] = ordered(r.startLine, r.endLine ?? r.startLine);
  let piece = candidates.find((p) => start >= p.first && start <= p.last);
  let quoteColumn: number | undefined;
  let shift = 0;
  const quote = quoteLine(r.quote);
  if (quote) {
    // The reported line wins when it holds the quote; else the nearest line that does, within the radius.
    const found = piece && contains(piece, start, quote) ? { piece, at: start } : nearestQuote(candidates, start, quote);
    if (found) {
      shift = found.at - start;
      piece = found.piece;
      quoteColumn = lineOf(piece, found.at).indexOf(quote) + 1;
      start += shift;
      end += shift;
    }
  }
  if (!piece) return undefined;
  end = Math.min(end, piece.last);

  const range: SourceRange = { startLine: start, endLine: end };
  if (shift !== 0 && quoteColumn) {
    // The model's columns belonged to the line it miscounted; the quote's own place is better.
    range.startColumn = quoteColumn;
    if (start === end) range.endColumn = quoteColumn + quote!.length;
  } else {
    const startColumn = clampColumn(r.startColumn, lineOf(piece, start));
    const endColumn = clampColumn(r.endColumn, lineOf(piece, end));
    if (startColumn) range.startColumn = startColumn;
    if (endColumn && !(start === end && startColumn && endColumn <= startColumn)) range.endColumn = endColumn;
  }

  const fix = r.fix && placeFix(r.fix, piece, shift, r.title);
  return {
    ruleId: `llm/${r.category}`,
    source: 'llm',
    severity: r.severity,
    category: r.category,
    title: oneLine(r.title).slice(0, 300),
    message: r.message.slice(0, 10_000),
    file: piece.file.path,
    range,
    ...(fix ? { fix } : {}),
    ...(r.cwe ? { cwe: r.cwe } : {}),
    ...(r.confidence !== undefined ? { confidence: r.confidence } : {}),
  };
}

/**
 * A fix replaces whole lines: the range runs from column 1 of `startLine` to the end of `endLine`
 * (exclusive column = length + 1), so clients apply it without guessing. It moves with its finding
 * when a quote corrected the model's count; outside the piece it is dropped (the finding stays).
 */
function placeFix(f: RawFix, piece: Piece, shift: number, title: string): SuggestedFix | undefined {
  const [start, end] = ordered(f.startLine + shift, (f.endLine ?? f.startLine) + shift);
  if (start < piece.first || end > piece.last) return undefined;
  return {
    description: oneLine(f.description?.trim() || `Fix: ${title}`).slice(0, 500),
    range: { startLine: start, startColumn: 1, endLine: end, endColumn: lineOf(piece, end).length + 1 },
    // The range stops before the last line's newline, so the replacement does too.
    replacement: f.replacement.replace(/\r?\n$/, '').slice(0, 200_000),
  };
}

function nearestQuote(candidates: Piece[], line: number, quote: string): { piece: Piece; at: number } | undefined {
  for (let d = 1; d <= QUOTE_SEARCH_RADIUS; d++) {
    for (const at of [line - d, line + d]) {
      const piece = candidates.find((p) => at >= p.first && at <= p.last);
      if (piece && contains(piece, at, quote)) return { piece, at };
    }
  }
  return undefined;
}

/** The quote's first non-blank line, trimmed, without a line-number prefix the model may have copied. */
function quoteLine(quote: string | undefined): string | undefined {
  const first = quote?.split(/\r?\n/).map((l) => l.replace(/^\s*\d+\s*\|\s?/, '').trim()).find((l) => l.length > 0);
  return first || undefined;
}

const lineOf = (piece: Piece, line: number) => piece.lines[line - piece.first] ?? '';
const contains = (piece: Piece, line: number, quote: string) => lineOf(piece, line).includes(quote);
const ordered = (a: number, b: number): [number, number] => (a <= b ? [a, b] : [b, a]);
const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ').trim();

/** A column past the end of the line means its end (exclusive: length + 1). */
function clampColumn(column: number | undefined, text: string): number | undefined {
  return column === undefined ? undefined : Math.min(column, text.length + 1);
}
