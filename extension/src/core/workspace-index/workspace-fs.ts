// What the workspace index needs from a file system, so that it runs against a real temp directory
// in tests (NodeWorkspaceFs) and against `vscode.workspace.fs` in the editor (adapters/workspace-fs).
//
// Paths are workspace-relative with `/` separators and no leading `./`; '' is the root.
// Symbolic links are reported as 'other' and never followed: a link could point outside the
// workspace (into ~/.ssh) or form a cycle.
import fs from 'node:fs/promises';
import path from 'node:path';

export type EntryType = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  type: EntryType;
}

export interface FileStat {
  type: EntryType;
  size: number;
  mtimeMs: number;
}

export interface WorkspaceFs {
  /** The entries of one folder; rejects if it does not exist. */
  readDirectory(dir: string): Promise<DirEntry[]>;
  readFile(file: string): Promise<Uint8Array>;
  /** Undefined when the path does not exist (a deleted file is not an error). */
  stat(file: string): Promise<FileStat | undefined>;
}

/** A WorkspaceFs over one folder on disk (node:fs/promises). */
export class NodeWorkspaceFs implements WorkspaceFs {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async readDirectory(dir: string): Promise<DirEntry[]> {
    const entries = await fs.readdir(this.resolve(dir), { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other' }));
  }

  async readFile(file: string): Promise<Uint8Array> {
    return fs.readFile(this.resolve(file));
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const st = await fs.lstat(this.resolve(file));
      const type: EntryType = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
      return { type, size: st.size, mtimeMs: st.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  /** Absolute path of a workspace-relative one; refuses anything that would leave the root. */
  private resolve(relative: string): string {
    const abs = path.resolve(this.root, relative);
    if (abs !== this.root && !abs.startsWith(this.root + path.sep)) throw new Error(`path outside the workspace: ${relative}`);
    return abs;
  }
}
