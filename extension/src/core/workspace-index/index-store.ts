// The in-memory part of the workspace index: one entry per indexed file (its text, symbols and
// snippet windows), a name → symbols map, and the memory accounting. No I/O here: WorkspaceIndex
// decides what to read, this decides what to keep.
//
// Memory is bounded by file count and by total bytes of source text (windows and symbols are a
// fraction of that). Entries are kept in least-recently-used order (a Map's insertion order,
// refreshed when a file is re-indexed or returned by a search), so when an edit brings in a file
// over the limit, the file nobody has touched for longest goes.
import type { SourceLanguage } from './languages';
import { type Window, Interner, buildWindows, jaccard, lineStarts, makeQuery, sliceLines } from './snippets';
import { type ScannedSymbol, extractSymbols } from './symbols';

export interface IndexedSymbol extends ScannedSymbol {
  path: string;
  /** The declaration's line, trimmed (at most 200 characters). */
  signature: string;
}

export interface SnippetMatch {
  path: string;
  /** 0-based, end exclusive. */
  startLine: number;
  endLine: number;
  text: string;
  /** Jaccard similarity of identifier sets, in (0, 1]. */
  score: number;
}

export interface SearchOptions {
  /** Leave this file out (the document the query comes from). */
  excludePath?: string;
  /** Only files of this language family (see languages.ts). */
  family?: string;
  /** Windows scoring below this are not returned. */
  minScore?: number;
}

export interface FileEntry {
  path: string;
  family: string;
  size: number;
  mtimeMs: number;
  text: string;
  starts: Uint32Array;
  symbols: IndexedSymbol[];
  windows: Window[];
}

export class IndexStore {
  private readonly entries = new Map<string, FileEntry>();
  private readonly byName = new Map<string, IndexedSymbol[]>();
  private readonly interner = new Interner();
  private bytes = 0;
  private symbolCount = 0;
  private windowCount = 0;
  private knownFiles: ReadonlySet<string> | undefined;
  private evictions = 0;

  constructor(
    private readonly maxFiles: number,
    private readonly maxTotalBytes: number,
  ) {}

  /** Builds the entry for a file's text (not yet stored). */
  build(path: string, text: string, size: number, mtimeMs: number, language: SourceLanguage): FileEntry {
    const starts = lineStarts(text);
    const symbols = language.scanner
      ? extractSymbols(text, language.scanner).map((s) => ({ ...s, path, signature: sliceLines(text, starts, s.line, s.line + 1).trim().slice(0, 200) }))
      : [];
    return { path, family: language.family, size, mtimeMs, text, starts, symbols, windows: buildWindows(text, starts, this.interner) };
  }

  /** Stores (or replaces) an entry as the most recently used. */
  put(entry: FileEntry): void {
    this.remove(entry.path);
    this.entries.set(entry.path, entry);
    this.bytes += entry.size;
    this.symbolCount += entry.symbols.length;
    this.windowCount += entry.windows.length;
    for (const symbol of entry.symbols) {
      const list = this.byName.get(symbol.name);
      if (list) list.push(symbol);
      else this.byName.set(symbol.name, [symbol]);
    }
    this.knownFiles = undefined;
  }

  remove(path: string): boolean {
    const entry = this.entries.get(path);
    if (!entry) return false;
    this.entries.delete(path);
    this.bytes -= entry.size;
    this.symbolCount -= entry.symbols.length;
    this.windowCount -= entry.windows.length;
    for (const symbol of entry.symbols) {
      const rest = (this.byName.get(symbol.name) ?? []).filter((s) => s.path !== path);
      if (rest.length) this.byName.set(symbol.name, rest);
      else this.byName.delete(symbol.name);
    }
    this.knownFiles = undefined;
    return true;
  }

  /** Removes `dir` itself and every entry below it; returns how many went. */
  removeUnder(dir: string): number {
    let removed = 0;
    for (const path of [...this.entries.keys()]) {
      if (path === dir || dir === '' || path.startsWith(`${dir}/`)) removed += this.remove(path) ? 1 : 0;
    }
    return removed;
  }

  get(path: string): FileEntry | undefined {
    return this.entries.get(path);
  }

  /** Marks an entry as just used, so it is the last to be evicted. */
  touch(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    this.entries.set(path, entry);
  }

  /**
   * Whether a file of `size` bytes at `path` fits in the limits (replacing its old entry). With
   * `evict`, the least recently used other entries are dropped until it does.
   */
  makeRoom(path: string, size: number, evict: boolean): boolean {
    if (size > this.maxTotalBytes) return false;
    const fits = (): boolean => {
      const existing = this.entries.get(path);
      const files = this.entries.size - (existing ? 1 : 0) + 1;
      return files <= this.maxFiles && this.bytes - (existing?.size ?? 0) + size <= this.maxTotalBytes;
    };
    while (evict && !fits()) {
      let victim: string | undefined;
      for (const candidate of this.entries.keys()) {
        if (candidate !== path) {
          victim = candidate;
          break;
        }
      }
      if (victim === undefined) break;
      this.remove(victim);
      this.evictions++;
    }
    return fits();
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** The indexed paths as a set, rebuilt only after a change (callers ask on every keystroke). */
  knownPaths(): ReadonlySet<string> {
    return (this.knownFiles ??= new Set(this.entries.keys()));
  }

  symbolsNamed(name: string): IndexedSymbol[] {
    return [...(this.byName.get(name) ?? [])];
  }

  /** The best windows for `queryText`, at most `limit`, never two overlapping ones of one file. */
  search(queryText: string, limit: number, options: SearchOptions = {}): SnippetMatch[] {
    if (limit <= 0) return [];
    const query = makeQuery(queryText, this.interner);
    if (!query.known) return [];
    const minScore = options.minScore ?? 0;
    // more candidates than asked for, so overlapping windows can be dropped and still fill `limit`
    const keep = limit * 4;
    const top: Array<{ entry: FileEntry; window: Window; score: number }> = [];
    for (const entry of this.entries.values()) {
      if (entry.path === options.excludePath || (options.family && entry.family !== options.family)) continue;
      for (const window of entry.windows) {
        const score = jaccard(query, window.ids);
        if (score <= minScore || (top.length === keep && score <= top[keep - 1]!.score)) continue;
        let at = top.length;
        while (at > 0 && top[at - 1]!.score < score) at--;
        top.splice(at, 0, { entry, window, score });
        if (top.length > keep) top.pop();
      }
    }
    const picked: typeof top = [];
    for (const candidate of top) {
      if (picked.length === limit) break;
      const overlaps = picked.some(
        (p) => p.entry === candidate.entry && p.window.startLine < candidate.window.endLine && candidate.window.startLine < p.window.endLine,
      );
      if (!overlaps) picked.push(candidate);
    }
    return picked.map(({ entry, window, score }) => {
      this.touch(entry.path);
      return { path: entry.path, startLine: window.startLine, endLine: window.endLine, text: sliceLines(entry.text, entry.starts, window.startLine, window.endLine), score };
    });
  }

  get fileCount(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get symbols(): number {
    return this.symbolCount;
  }

  get windows(): number {
    return this.windowCount;
  }

  /** Entries dropped by makeRoom so far. */
  get evicted(): number {
    return this.evictions;
  }

  get identifiers(): number {
    return this.interner.size;
  }

  clear(): void {
    this.entries.clear();
    this.byName.clear();
    this.bytes = this.symbolCount = this.windowCount = 0;
    this.knownFiles = undefined;
  }
}
