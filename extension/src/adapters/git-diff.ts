// `@diff`: the working tree's changes against HEAD (staged and unstaged), from the git CLI. The
// built-in Git extension's API would need it to be active and has no "diff everything" call; the
// CLI is what the user has anyway. Untracked files are not part of `git diff` and are left out.
import { execFile } from 'node:child_process';

const MAX_OUTPUT = 8 * 1024 * 1024;

export type GitDiffResult = { diff: string } | { error: string };

export function gitDiff(folder: string, timeoutMs = 10_000): Promise<GitDiffResult> {
  return new Promise((resolve) => {
    execFile('git', ['-C', folder, 'diff', 'HEAD', '--no-color', '--no-ext-diff', '--no-textconv'],
      { maxBuffer: MAX_OUTPUT, timeout: timeoutMs, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ diff: stdout });
        const e = error as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT') return resolve({ error: 'git is not installed or not on the PATH' });
        if (e.killed) return resolve({ error: 'git diff took too long' });
        if (/not a git repository/i.test(stderr)) return resolve({ error: 'this folder is not a git repository' });
        if (/ambiguous argument 'HEAD'|unknown revision/i.test(stderr)) return resolve({ error: 'the repository has no commit yet' });
        if (/maxBuffer/i.test(String(e.message))) return resolve({ error: 'the diff is larger than 8 MB' });
        resolve({ error: stderr.trim().split('\n')[0] || e.message });
      });
  });
}
