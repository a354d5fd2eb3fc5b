// The workspace index's public shapes (options, watcher events, statistics).
import { silentLogger, type Logger } from '../logger';
import { DEFAULT_SKIP_DIRECTORIES, type SkipReason } from './path-policy';

export interface WorkspaceIndexOptions {
  /** Most files kept (default 5,000). */
  maxFiles?: number;
  /** Most bytes of source text kept, all files together (default 16 MB: with symbols and windows, about 35 MB of heap). */
  maxTotalBytes?: number;
  /** Larger files are not read (default 256 KB). */
  maxFileBytes?: number;
  /** Folder names never entered, at any depth (default DEFAULT_SKIP_DIRECTORIES). */
  skipDirectories?: readonly string[];
  logger?: Logger;
  /** How the work gives the event loop a turn between files (tests may pass something faster). */
  yieldToEventLoop?: () => Promise<void>;
}

export type ResolvedIndexOptions = Required<Omit<WorkspaceIndexOptions, 'skipDirectories'>> & { skipDirectories: ReadonlySet<string> };

export function resolveIndexOptions(options: WorkspaceIndexOptions = {}): ResolvedIndexOptions {
  return {
    maxFiles: options.maxFiles ?? 5_000,
    maxTotalBytes: options.maxTotalBytes ?? 16 * 1024 * 1024,
    maxFileBytes: options.maxFileBytes ?? 256 * 1024,
    skipDirectories: new Set(options.skipDirectories ?? DEFAULT_SKIP_DIRECTORIES),
    logger: options.logger ?? silentLogger,
    yieldToEventLoop: options.yieldToEventLoop ?? (() => new Promise<void>((resolve) => setImmediate(resolve))),
  };
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface FileChange {
  kind: FileChangeKind;
  /** Workspace-relative, '/'-separated; a file or a folder. */
  path: string;
}

export interface IndexStats {
  files: number;
  bytes: number;
  symbols: number;
  windows: number;
  identifiers: number;
  /** The first walk has finished. */
  ready: boolean;
  /** A memory limit stopped the last walk before every file was indexed. */
  truncated: boolean;
  /** Files dropped to make room for newer ones. */
  evicted: number;
  /** Paths passed over since the last full walk began, by reason. */
  skipped: Record<SkipReason, number>;
}
