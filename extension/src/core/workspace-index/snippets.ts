// Snippet windows for similarity search, as Copilot does with neighbouring tabs: each file is cut
// into overlapping windows of lines, each window reduced to its set of identifiers, and a query
// (the code before the cursor) is scored against every window by Jaccard similarity.
//
// Identifiers are interned to integers and a window keeps a sorted Uint32Array of them: a few bytes
// per identifier instead of a Set of strings, which is what keeps the index small.

export const WINDOW_LINES = 20;
export const WINDOW_STRIDE = 10;

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** Keywords of the indexed languages: shared by everything, they say nothing about similarity. */
const STOP_WORDS = new Set(
  (
    'if else for while do return break continue switch case default try catch finally throw new delete typeof instanceof ' +
    'in of void var let const function class extends implements interface type enum import export from as async await ' +
    'yield this super null undefined true false static public private protected readonly abstract get set ' +
    'def self cls None True False and or not is lambda pass with elif except raise global nonlocal ' +
    'func go defer chan map struct package range select fallthrough nil ' +
    'fn impl pub mut use mod crate match loop trait where ref move dyn ' +
    'int long short byte char float double boolean bool void final string number any unknown never object ' +
    'String Object Boolean Number'
  ).split(/\s+/),
);

/** The distinct identifiers of `text`, keywords and one-letter names left out. */
export function identifiers(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(IDENTIFIER)) {
    const id = m[0];
    if (id.length > 1 && !STOP_WORDS.has(id)) out.add(id);
  }
  return out;
}

/** Identifier ↔ integer. Ids are never freed: the vocabulary of a workspace grows slowly. */
export class Interner {
  private readonly ids = new Map<string, number>();

  intern(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.ids.size;
      this.ids.set(id, n);
    }
    return n;
  }

  /** The id of a known identifier, or undefined: an unknown one can match no window. */
  lookup(id: string): number | undefined {
    return this.ids.get(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

export interface Window {
  /** 0-based, end exclusive. */
  startLine: number;
  endLine: number;
  /** Sorted, distinct interned identifiers. */
  ids: Uint32Array;
}

/** Offsets where each line of `text` starts (for slicing a window's text back out). */
export function lineStarts(text: string): Uint32Array {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return Uint32Array.from(starts);
}

export function buildWindows(text: string, starts: Uint32Array, interner: Interner): Window[] {
  const lines = starts.length;
  const windows: Window[] = [];
  for (let start = 0; start < lines; start += WINDOW_STRIDE) {
    const end = Math.min(lines, start + WINDOW_LINES);
    const ids = identifiers(sliceLines(text, starts, start, end));
    if (ids.size) windows.push({ startLine: start, endLine: end, ids: Uint32Array.from([...ids].map((id) => interner.intern(id))).sort() });
    if (end === lines) break;
  }
  return windows;
}

export function sliceLines(text: string, starts: Uint32Array, startLine: number, endLine: number): string {
  const from = starts[startLine] ?? text.length;
  const to = endLine < starts.length ? starts[endLine]! : text.length;
  return text.slice(from, to).replace(/\r?\n$/, '');
}

/**
 * A query ready to score windows. `marks` is indexed by interned id (1 = in the query): scoring a
 * window is then one array read per identifier, several times faster than Set lookups, which
 * matters when a full index holds ~50,000 windows.
 */
export interface Query {
  marks: Uint8Array;
  /** Query identifiers the index knows. */
  known: number;
  /** All distinct query identifiers, known or not (they count in the union). */
  size: number;
}

export function makeQuery(text: string, interner: Interner): Query {
  const ids = identifiers(text);
  const marks = new Uint8Array(interner.size);
  let known = 0;
  for (const id of ids) {
    const n = interner.lookup(id);
    if (n !== undefined) {
      marks[n] = 1;
      known++;
    }
  }
  return { marks, known, size: ids.size };
}

/** |Q ∩ W| / |Q ∪ W|. */
export function jaccard(query: Query, ids: Uint32Array): number {
  if (!query.known) return 0;
  const { marks } = query;
  let common = 0;
  for (let i = 0; i < ids.length; i++) common += marks[ids[i]!]!;
  return common === 0 ? 0 : common / (query.size + ids.length - common);
}

/** Length of the longest line, from the line start offsets: minified files have very long ones. */
export function longestLine(starts: Uint32Array, length: number): number {
  let longest = 0;
  for (let i = 0; i < starts.length; i++) longest = Math.max(longest, (i + 1 < starts.length ? starts[i + 1]! : length) - starts[i]!);
  return longest;
}
