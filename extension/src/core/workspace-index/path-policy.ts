// Which workspace paths the index may touch, decided from the path alone: skipped folders
// (node_modules…), the sensitive-file policy, the .gitignore files of the tree, and whether the
// file is source code. Only the .gitignore files themselves are ever read here.
import { GitignoreSet } from '../security/gitignore';
import { isSensitivePath } from '../security/sensitive-files';
import { sourceLanguageOf } from './languages';
import type { WorkspaceFs } from './workspace-fs';

export type SkipReason = 'excluded' | 'sensitive' | 'ignored' | 'unsupported' | 'too-large' | 'binary' | 'minified' | 'unreadable';

export const DEFAULT_SKIP_DIRECTORIES = [
  'node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.next', '.nuxt', 'coverage',
  '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', 'target', '.gradle', '.idea', '.vscode-test',
];

export class PathPolicy {
  private readonly gitignores = new GitignoreSet();
  /** Folders whose .gitignore has been looked for (whether or not one exists). */
  private readonly rulesLoaded = new Set<string>();

  constructor(
    private readonly fs: WorkspaceFs,
    private readonly skipDirectories: ReadonlySet<string>,
  ) {}

  /** Why a path is passed over (no I/O); undefined if it may be read. Needs the rules above it loaded. */
  skipReason(path: string, isDir: boolean): SkipReason | undefined {
    const reason = this.excludedByName(path, isDir);
    if (reason) return reason;
    if (this.gitignores.isIgnored(path, isDir)) return 'ignored';
    if (!isDir && !sourceLanguageOf(path)) return 'unsupported';
    return undefined;
  }

  /** The checks that need no .gitignore: skipped folder names and the sensitive-file policy. */
  excludedByName(path: string, isDir: boolean): 'excluded' | 'sensitive' | undefined {
    const segments = path.split('/');
    const dirs = isDir ? segments : segments.slice(0, -1);
    if (dirs.some((d) => this.skipDirectories.has(d))) return 'excluded';
    // a folder is sensitive when anything in it would be (`.ssh/`)
    if (isSensitivePath(path) || (isDir && isSensitivePath(`${path}/_`))) return 'sensitive';
    return undefined;
  }

  /** Whether .gitignore excludes `path` whether it turns out to be a file or a folder. */
  ignoredEitherWay(path: string): boolean {
    return this.gitignores.isIgnored(path, false) && this.gitignores.isIgnored(path, true);
  }

  /** Reads (or forgets) the .gitignore of folder `dir`; `exists` comes from its listing. */
  async loadRules(dir: string, exists: boolean): Promise<void> {
    this.rulesLoaded.add(dir);
    if (!exists) {
      this.gitignores.deleteFile(dir);
      return;
    }
    try {
      const data = await this.fs.readFile(dir ? `${dir}/.gitignore` : '.gitignore');
      this.gitignores.setFile(dir, new TextDecoder().decode(data));
    } catch {
      this.gitignores.deleteFile(dir);
    }
  }

  /**
   * Loads the .gitignore of every folder above `path`, top-down. Returns false, and stops, at a
   * folder that is itself excluded: then so is the path, and nothing below needs reading.
   */
  async loadRulesAbove(path: string): Promise<boolean> {
    const parts = path.split('/');
    for (let n = 0; n < parts.length; n++) {
      const dir = parts.slice(0, n).join('/');
      if (n > 0 && this.skipReason(dir, true)) return false;
      if (this.rulesLoaded.has(dir)) continue;
      const st = await this.fs.stat(dir ? `${dir}/.gitignore` : '.gitignore').catch(() => undefined);
      await this.loadRules(dir, st?.type === 'file');
    }
    return true;
  }

  /** Forgets the rules of a deleted folder and everything below it. */
  forgetUnder(dir: string): void {
    this.gitignores.deleteUnder(dir);
    for (const loaded of [...this.rulesLoaded]) if (loaded === dir || loaded.startsWith(`${dir}/`)) this.rulesLoaded.delete(loaded);
  }

  reset(): void {
    this.gitignores.clear();
    this.rulesLoaded.clear();
  }
}

/** True for a .gitignore anywhere in the tree. */
export function isGitignore(path: string): boolean {
  return path === '.gitignore' || path.endsWith('/.gitignore');
}

export function emptySkipCounts(): Record<SkipReason, number> {
  return { excluded: 0, sensitive: 0, ignored: 0, unsupported: 0, 'too-large': 0, binary: 0, minified: 0, unreadable: 0 };
}

/** Workspace paths as the index keys them: '/'-separated, no leading './', no trailing '/'. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}
