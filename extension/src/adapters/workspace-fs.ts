// The VS Code side of the workspace index: a WorkspaceFs over `vscode.workspace.fs`, and a file
// watcher whose events reach the index in debounced batches. All the policy (what to read, what to
// keep) is in core/workspace-index; this only translates URIs and events.
//
// Paths: with one workspace folder they are relative to it; with several, the first segment is the
// folder's name — what `vscode.workspace.asRelativePath(uri, true)` returns, so a DocumentSnapshot
// built that way names the same files. The folder listing is read live, so after the folders change
// a rescan sees the new ones.
//
// The walk uses readDirectory rather than findFiles: it prunes node_modules and .gitignore'd folders
// before listing them, and findFiles knows nothing of nested .gitignore negations anyway.
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { DirEntry, EntryType, FileStat, WorkspaceFs } from '../core/workspace-index/workspace-fs';
import { WorkspaceIndex, type FileChange, type FileChangeKind, type WorkspaceIndexOptions } from '../core/workspace-index/workspace-index';

export class VscodeWorkspaceFs implements WorkspaceFs {
  private get folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  /** The workspace-relative path of a URI, or undefined when it is outside every folder. */
  toRelative(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const inner = uri.path.slice(folder.uri.path.replace(/\/$/, '').length).replace(/^\/+/, '');
    if (this.folders.length <= 1) return inner;
    return inner ? `${folder.name}/${inner}` : folder.name;
  }

  async readDirectory(dir: string): Promise<DirEntry[]> {
    // no folder open: an empty workspace; several: the folders are the root's entries
    if (!dir && this.folders.length !== 1) return this.folders.map((f) => ({ name: f.name, type: 'directory' as const }));
    const entries = await vscode.workspace.fs.readDirectory(this.toUri(dir));
    return entries.map(([name, type]) => ({ name, type: entryType(type) }));
  }

  async readFile(file: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(this.toUri(file));
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const st = await vscode.workspace.fs.stat(this.toUri(file));
      return { type: entryType(st.type), size: st.size, mtimeMs: st.mtime };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  private toUri(path: string): vscode.Uri {
    const folders = this.folders;
    if (folders.length === 0) throw new Error('no workspace folder is open');
    if (folders.length === 1) return path ? vscode.Uri.joinPath(folders[0]!.uri, ...path.split('/')) : folders[0]!.uri;
    const [name, ...rest] = path.split('/');
    const folder = folders.find((f) => f.name === name);
    if (!folder) throw new Error(`not in a workspace folder: ${path}`);
    return rest.length ? vscode.Uri.joinPath(folder.uri, ...rest) : folder.uri;
  }
}

/** Symbolic links are 'other': the index never follows them (see core/workspace-index/workspace-fs). */
function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.SymbolicLink) return 'other';
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

export interface WorkspaceIndexing extends vscode.Disposable {
  readonly index: WorkspaceIndex;
}

/**
 * Creates the index, starts its first walk in the background (activation does not wait for it), and
 * keeps it current: file events collected for `debounceMs` after the first one and applied as one
 * batch (a branch switch is a few batches, not thousands of jobs; the timer is not pushed back by
 * later events, so a build that writes files non-stop cannot starve the index), and a rescan when
 * workspace folders are added or removed.
 */
export function startWorkspaceIndex(options: WorkspaceIndexOptions & { logger: Logger; debounceMs?: number }): WorkspaceIndexing {
  const fs = new VscodeWorkspaceFs();
  const index = new WorkspaceIndex(fs, options);
  const debounceMs = options.debounceMs ?? 300;
  let pending = new Map<string, FileChangeKind>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    timer = undefined;
    const batch: FileChange[] = [...pending].map(([path, kind]) => ({ path, kind }));
    pending = new Map();
    if (batch.length) void index.applyChanges(batch);
  };
  const record = (kind: FileChangeKind) => (uri: vscode.Uri) => {
    const path = fs.toRelative(uri);
    if (path === undefined || path === '') return;
    pending.set(path, kind);
    timer ??= setTimeout(flush, debounceMs);
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const subscriptions: vscode.Disposable[] = [
    watcher,
    watcher.onDidCreate(record('created')),
    watcher.onDidChange(record('changed')),
    watcher.onDidDelete(record('deleted')),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void index.rescan()),
  ];
  void index.start();

  return {
    index,
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      index.dispose();
    },
  };
}
