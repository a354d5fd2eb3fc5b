// The workspace index: symbols and snippet windows of the workspace's source files, built in the
// background and kept current from file-watcher events. Never touched (not opened, not stat'ed):
// sensitive paths, .gitignore'd paths and folders like node_modules — checked on the path alone, before
// any I/O (tests use a file system that records every call). Non-source files are never opened; source
// files over 256 KB are stat'ed, not read; a binary (NUL byte) or minified (a line over 3,000 characters)
// file is read once and dropped. All work runs one job at a time on a queue and yields after every
// file, so activation and typing are never held up; `ready` resolves when the first walk is done.
import { Emitter, type Disposable } from '../emitter';
import { type IndexedSymbol, type SearchOptions, type SnippetMatch, IndexStore } from './index-store';
import { sourceLanguageOf } from './languages';
import { PathPolicy, emptySkipCounts, isGitignore, normalizePath, type SkipReason } from './path-policy';
import { longestLine } from './snippets';
import { resolveIndexOptions, type FileChange, type FileChangeKind, type IndexStats, type ResolvedIndexOptions, type WorkspaceIndexOptions } from './types';
import type { WorkspaceFs } from './workspace-fs';

export type { IndexedSymbol, SearchOptions, SnippetMatch } from './index-store';
export { DEFAULT_SKIP_DIRECTORIES, type SkipReason } from './path-policy';
export type { FileChange, FileChangeKind, IndexStats, WorkspaceIndexOptions } from './types';

const MAX_LINE_CHARS = 3_000;

export class WorkspaceIndex implements Disposable {
  readonly ready: Promise<void>;
  /** Fires after each job (walk or change batch) has been applied. */
  readonly onDidUpdate: (listener: (value: void) => void) => Disposable;

  private readonly store: IndexStore;
  private readonly policy: PathPolicy;
  private readonly updated = new Emitter<void>();
  private readonly options: ResolvedIndexOptions;
  private resolveReady!: () => void;
  private queue: Promise<void> = Promise.resolve();
  private started = false;
  private disposed = false;
  private isReady = false;
  private truncated = false;
  private skipped = emptySkipCounts();
  /** Files read and dropped (binary, minified) by `size:mtime`, so walks do not read them again. */
  private readonly rejected = new Map<string, { key: string; reason: SkipReason }>();

  constructor(
    private readonly fs: WorkspaceFs,
    options: WorkspaceIndexOptions = {},
  ) {
    this.options = resolveIndexOptions(options);
    this.store = new IndexStore(this.options.maxFiles, this.options.maxTotalBytes);
    this.policy = new PathPolicy(fs, this.options.skipDirectories);
    this.ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
    this.onDidUpdate = this.updated.event;
  }

  /** Starts the first walk in the background; returns `ready`. Calling it again does nothing. */
  start(): Promise<void> {
    if (!this.started && !this.disposed) {
      this.started = true;
      const began = Date.now();
      void this.enqueue(async () => {
        await this.walkAll();
        this.isReady = true;
        this.resolveReady();
        const s = this.stats();
        this.options.logger.info(`workspace index: ${s.files} files, ${s.symbols} symbols in ${Date.now() - began} ms`);
      });
    }
    return this.ready;
  }

  /** Walks the whole workspace again, reading only files whose size or mtime changed. */
  rescan(): Promise<void> {
    return this.enqueue(() => this.walkAll());
  }

  /** Applies watcher events (after any queued work); resolves when they are in the index. */
  applyChanges(changes: readonly FileChange[]): Promise<void> {
    return this.enqueue(() => this.processChanges(changes));
  }

  symbolsNamed(name: string): IndexedSymbol[] {
    return this.store.symbolsNamed(name);
  }

  /** The windows of indexed files most similar to `queryText` (Jaccard over identifier sets). */
  searchSnippets(queryText: string, limit: number, options?: SearchOptions): SnippetMatch[] {
    return this.store.search(queryText, limit, options);
  }

  /** Whether a .gitignore of the workspace excludes `path` (what the chat must never attach). */
  isGitIgnored = (path: string): boolean => this.policy.skipReason(path, false) === 'ignored';

  /** Indexed paths (for import resolution); the same set object until the index changes. */
  knownFiles(): ReadonlySet<string> {
    return this.store.knownPaths();
  }

  /** The indexed text of a file, without touching the disk. */
  textOf(path: string): string | undefined {
    return this.store.get(path)?.text;
  }

  stats(): IndexStats {
    const { store } = this;
    return {
      files: store.fileCount,
      bytes: store.totalBytes,
      symbols: store.symbols,
      windows: store.windows,
      identifiers: store.identifiers,
      ready: this.isReady,
      truncated: this.truncated,
      evicted: store.evicted,
      skipped: { ...this.skipped },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.store.clear();
    this.policy.reset();
    this.rejected.clear();
    this.updated.dispose();
    this.resolveReady();
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.disposed) return;
      try {
        await job();
      } catch (err) {
        this.options.logger.warn(`workspace index: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!this.disposed) this.updated.fire();
    });
    this.queue = run;
    return run;
  }

  /** The full walk: indexes what is new or changed, drops what is gone or now excluded. */
  private async walkAll(): Promise<void> {
    const previous = new Set(this.store.paths());
    const seen = new Set<string>();
    this.policy.reset();
    this.skipped = emptySkipCounts();
    this.truncated = false;
    await this.walk('', 'scan', previous, seen);
    if (this.disposed) return;
    for (const path of previous) if (!seen.has(path)) this.store.remove(path);
  }

  /**
   * Breadth-first from `from`, so the shallow files (the project's own sources) come before deep
   * ones if a limit is hit. In 'scan' mode a full index stops admitting files but keeps walking
   * until every previously indexed file has been seen (so none is dropped by mistake).
   */
  private async walk(from: string, mode: 'scan' | 'incremental', previous = new Set<string>(), seen = new Set<string>()): Promise<void> {
    const dirs = [from];
    let full = false;
    let unseen = previous.size;
    while (dirs.length && !this.disposed) {
      if (full && unseen === 0) return;
      const dir = dirs.shift()!;
      let entries;
      try {
        entries = await this.fs.readDirectory(dir);
      } catch (err) {
        this.options.logger.debug(`workspace index: cannot list ${dir || '.'}: ${String(err)}`);
        continue;
      }
      await this.policy.loadRules(dir, entries.some((e) => e.name === '.gitignore' && e.type === 'file'));
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (this.disposed) return;
        const path = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.type === 'directory') {
          const reason = this.policy.skipReason(path, true);
          if (reason) this.skipped[reason]++;
          else dirs.push(path);
          continue;
        }
        if (entry.type !== 'file') continue;
        const reason = this.policy.skipReason(path, false);
        if (reason) {
          if (reason !== 'unsupported') this.skipped[reason]++;
          continue;
        }
        const wasIndexed = previous.has(path);
        if (full && !wasIndexed) continue;
        const result = await this.indexFile(path, { reuse: true, evict: mode === 'incremental' });
        if (result === 'full') full = true;
        if (result === 'indexed' || result === 'kept') seen.add(path);
        if (wasIndexed) unseen--;
        await this.options.yieldToEventLoop();
      }
    }
  }

  private async processChanges(changes: readonly FileChange[]): Promise<void> {
    // the last event for a path wins (created then deleted = deleted)
    const latest = new Map<string, FileChangeKind>();
    for (const change of changes) latest.set(normalizePath(change.path), change.kind);
    latest.delete('');
    if ([...latest.keys()].some(isGitignore)) {
      // rules changed: what is excluded may have changed anywhere below; a rescan re-reads only what changed
      await this.walkAll();
      return;
    }
    for (const [path, kind] of latest) {
      if (this.disposed) return;
      if (kind === 'deleted') {
        this.store.removeUnder(path);
        this.policy.forgetUnder(path);
        continue;
      }
      await this.applyUpsert(path);
      await this.options.yieldToEventLoop();
    }
  }

  private async applyUpsert(path: string): Promise<void> {
    // path-only checks first: an event inside node_modules or for `.env` costs no I/O at all
    if (this.policy.excludedByName(path, false) || this.policy.excludedByName(path, true)) {
      this.store.removeUnder(path);
      return;
    }
    if (!(await this.policy.loadRulesAbove(path)) || this.policy.ignoredEitherWay(path)) {
      this.store.removeUnder(path);
      return;
    }
    const st = await this.fs.stat(path).catch(() => undefined);
    if (!st) {
      this.store.removeUnder(path);
    } else if (st.type === 'directory') {
      if (this.policy.skipReason(path, true)) this.store.removeUnder(path);
      else await this.walk(path, 'incremental');
    } else if (st.type === 'file') {
      if (this.policy.skipReason(path, false)) this.store.remove(path);
      else await this.indexFile(path, { reuse: false, evict: true });
    }
  }

  /**
   * Reads and indexes one eligible file. `reuse`: keep the entry when size and mtime are unchanged
   * (walks) rather than re-read it (a change event). `evict`: make room by evicting the least
   * recently used files (edits bring in what the user works on), rather than report 'full' (walks).
   */
  private async indexFile(path: string, mode: { reuse: boolean; evict: boolean }): Promise<'indexed' | 'kept' | 'full' | 'skipped'> {
    const language = sourceLanguageOf(path)!;
    const st = await this.fs.stat(path).catch(() => undefined);
    if (!st || st.type !== 'file') {
      this.store.remove(path);
      return 'skipped';
    }
    if (st.size > this.options.maxFileBytes) return this.skip(path, 'too-large');
    const existing = this.store.get(path);
    if (mode.reuse && existing && existing.size === st.size && existing.mtimeMs === st.mtimeMs) return 'kept';
    const rejected = this.rejected.get(path);
    if (mode.reuse && rejected?.key === `${st.size}:${st.mtimeMs}`) return this.skip(path, rejected.reason);
    if (!this.makeRoom(path, st.size, mode.evict)) return 'full';

    let data: Uint8Array;
    try {
      data = await this.fs.readFile(path);
    } catch {
      return this.skip(path, 'unreadable');
    }
    if (data.subarray(0, 8_000).includes(0)) return this.reject(path, `${data.byteLength}:${st.mtimeMs}`, 'binary');
    const text = new TextDecoder().decode(data);
    const entry = this.store.build(path, text, data.byteLength, st.mtimeMs, language);
    if (longestLine(entry.starts, text.length) > MAX_LINE_CHARS) return this.reject(path, `${data.byteLength}:${st.mtimeMs}`, 'minified');
    // the file may have grown between stat and read
    if (!this.makeRoom(path, data.byteLength, mode.evict)) return 'full';
    this.store.put(entry);
    return 'indexed';
  }

  private reject(path: string, key: string, reason: SkipReason): 'skipped' {
    // a safety valve, not an LRU: these are a few bytes each
    if (this.rejected.size >= 10_000) this.rejected.clear();
    this.rejected.set(path, { key, reason });
    return this.skip(path, reason);
  }

  private skip(path: string, reason: SkipReason): 'skipped' {
    this.skipped[reason]++;
    this.store.remove(path);
    return 'skipped';
  }

  /** Whether a file of `size` bytes fits; logs once per walk when a limit stops indexing. */
  private makeRoom(path: string, size: number, evict: boolean): boolean {
    if (this.store.makeRoom(path, size, evict)) return true;
    if (!this.truncated) {
      this.truncated = true;
      const { maxFiles, maxTotalBytes } = this.options;
      this.options.logger.info(
        `workspace index: memory limit reached (${maxFiles} files / ${Math.round(maxTotalBytes / 1024 / 1024)} MB); the rest of the workspace is not indexed`,
      );
    }
    return false;
  }
}
