// The few file operations the history cache needs, so the cache itself is pure and tested with an
// in-memory fake as well as on disk. Writes are atomic: a crash mid-write leaves the old file,
// never half a JSON document.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CacheFs {
  /** The file's text, or undefined when it does not exist (or cannot be read). */
  readFile(path: string): Promise<string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removing a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Creates the directory and its parents; an existing one is fine. */
  mkdir(path: string): Promise<void>;
}

export const joinPath = (dir: string, name: string) => path.join(dir, name);

let tmpCounter = 0;

/** Writes `text` to a temporary sibling and renames it over `file` (atomic on one file system). */
export async function writeAtomic(fs: CacheFs, file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.remove(tmp).catch(() => undefined);
    throw e;
  }
}

/** node:fs implementation (the extension passes its globalStorage directory to HistoryCache). */
export const nodeCacheFs: CacheFs = {
  async readFile(file) {
    try {
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  writeFile: (file, text) => writeFile(file, text, 'utf8'),
  rename: (from, to) => rename(from, to),
  remove: (file) => rm(file, { force: true }),
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
};
