// Completion cache. After suggestion S at document prefix P, a request at P + t, where t is a start
// of S, is answered with the rest of S: the user typing into a suggestion keeps seeing it without a
// new request. The same position (t empty) is found by an exact key in O(1); typed positions by a
// scan of the document's entries, where almost every entry is rejected by two integer comparisons
// before any character is read. Nothing on the lookup path copies the document: keys are hashes
// of the last `keyChars` of the prefix and the first `suffixChars` of the suffix, read in place,
// and candidates are confirmed character by character. Memory is bounded by the entry count and
// the size limits of what is stored.

/** FNV-1a over `text[start, end)`, read in place. */
export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  const stop = Math.min(end, text.length);
  for (let i = Math.max(0, start); i < stop; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A plain least-recently-used map (a Map keeps insertion order: re-inserting marks use). */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Read without marking use. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    const old = this.map.get(key);
    this.map.delete(key);
    if (old !== undefined && old !== value) this.onEvict?.(key, old);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as K;
      const evicted = this.map.get(oldest)!;
      this.map.delete(oldest);
      this.onEvict?.(oldest, evicted);
    }
  }

  delete(key: K): boolean {
    const value = this.map.get(key);
    if (value === undefined) return false;
    this.map.delete(key);
    this.onEvict?.(key, value);
    return true;
  }

  clear(): void {
    const all = [...this.map];
    this.map.clear();
    for (const [key, value] of all) this.onEvict?.(key, value);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}

export interface CacheOptions {
  /** Entries kept across all documents. */
  capacity?: number;
  /** Characters of the prefix, before the cursor, that identify a position. */
  keyChars?: number;
  /** Characters of the suffix, after the cursor, that must be unchanged. */
  suffixChars?: number;
  /** Longer completions are not kept. */
  maxCompletionChars?: number;
}

export interface CacheHit {
  /** What is left of the suggestion to show ('' = cached "nothing to suggest here"). */
  text: string;
  completionId: string;
  /** Characters of the suggestion the user has typed since it was stored. */
  typed: number;
}

interface Entry {
  key: string;
  uri: string;
  /** Cursor offset when stored. */
  offset: number;
  /** Length of the document after the cursor when stored: typing before the cursor keeps it. */
  suffixLength: number;
  suffixHash: number;
  /** The last keyChars of the prefix when stored. */
  tail: string;
  completion: string;
  completionId: string;
}

export class CompletionCache {
  private readonly keyChars: number;
  private readonly suffixChars: number;
  private readonly maxCompletionChars: number;
  private readonly entries: LruMap<string, Entry>;
  private readonly byUri = new Map<string, Set<Entry>>();

  constructor(options: CacheOptions = {}) {
    this.keyChars = options.keyChars ?? 256;
    this.suffixChars = options.suffixChars ?? 512;
    this.maxCompletionChars = options.maxCompletionChars ?? 8_000;
    this.entries = new LruMap(options.capacity ?? 256, (_key, entry) => {
      const bucket = this.byUri.get(entry.uri);
      bucket?.delete(entry);
      if (bucket && !bucket.size) this.byUri.delete(entry.uri);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Remembers `completion` (possibly '', meaning "nothing to suggest") for the cursor at `offset`. */
  store(uri: string, text: string, offset: number, completion: string, completionId: string): void {
    if (completion.length > this.maxCompletionChars) return;
    const key = this.exactKey(uri, text, offset);
    const entry: Entry = {
      key,
      uri,
      offset,
      suffixLength: text.length - offset,
      suffixHash: hashRange(text, offset, offset + this.suffixChars),
      tail: text.slice(Math.max(0, offset - this.keyChars), offset),
      completion,
      completionId,
    };
    this.entries.set(key, entry);
    let bucket = this.byUri.get(uri);
    if (!bucket) this.byUri.set(uri, (bucket = new Set()));
    bucket.add(entry);
  }

  lookup(uri: string, text: string, offset: number): CacheHit | undefined {
    const exact = this.entries.get(this.exactKey(uri, text, offset));
    if (exact && this.matches(exact, text, offset, 0)) return { text: exact.completion, completionId: exact.completionId, typed: 0 };
    const bucket = this.byUri.get(uri);
    if (!bucket) return undefined;
    const suffixLength = text.length - offset;
    let suffixHash: number | undefined;
    let best: Entry | undefined;
    for (const entry of bucket) {
      const typed = offset - entry.offset;
      if (typed <= 0 || typed >= entry.completion.length || entry.suffixLength !== suffixLength) continue;
      suffixHash ??= hashRange(text, offset, offset + this.suffixChars);
      if (entry.suffixHash !== suffixHash || !this.matches(entry, text, offset, typed)) continue;
      // the most recent suggestion wins when several fit (the newest is the latest model answer)
      best = entry;
    }
    if (!best) return undefined;
    this.entries.get(best.key);
    const typed = offset - best.offset;
    return { text: best.completion.slice(typed), completionId: best.completionId, typed };
  }

  /** Drops a document's entries (closed, or edited in a way that invalidates them). */
  forget(uri: string): void {
    for (const entry of [...(this.byUri.get(uri) ?? [])]) this.entries.delete(entry.key);
  }

  clear(): void {
    this.entries.clear();
    this.byUri.clear();
  }

  private exactKey(uri: string, text: string, offset: number): string {
    const tail = hashRange(text, offset - this.keyChars, offset);
    const suffix = hashRange(text, offset, offset + this.suffixChars);
    return `${uri}\u0000${offset}:${text.length - offset}:${tail}:${suffix}`;
  }

  /** Confirms a candidate in place: the typed characters are the suggestion's, and the prefix before it is the stored one. */
  private matches(entry: Entry, text: string, offset: number, typed: number): boolean {
    if (entry.offset + typed !== offset || text.length - offset !== entry.suffixLength) return false;
    for (let i = 0; i < typed; i++) {
      if (text.charCodeAt(entry.offset + i) !== entry.completion.charCodeAt(i)) return false;
    }
    const tail = entry.tail;
    const start = entry.offset - tail.length;
    if (start < 0) return false;
    for (let i = 0; i < tail.length; i++) {
      if (text.charCodeAt(start + i) !== tail.charCodeAt(i)) return false;
    }
    return true;
  }
}
