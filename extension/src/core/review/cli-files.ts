// What the CLI reviews: the repository's files (git), or a folder walk that honours .gitignore,
// narrowed to the paths given and, with --diff, to the files the diff changed. Sensitive files are
// listed as skipped without being read. Node only (child_process, fs); no `vscode`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitignoreSet } from '../security/gitignore';
import { sensitiveReason } from '../security/sensitive-files';
import { parseUnifiedDiff } from './chunk';
import { languageOf, MAX_FILE_CHARS, type ReviewInputFile, type SkippedFile } from './request-plan';

const run = promisify(execFile);
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: MAX_GIT_OUTPUT, windowsHide: true, encoding: 'utf8' })).stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error('git is not installed or not on the PATH');
    throw new Error(`git ${args[0]} failed: ${(err.stderr ?? '').trim().split('\n')[0] || err.message}`);
  }
}

/** The repository's top folder, or undefined outside a repository. */
export async function gitRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `git diff RANGE` for --diff; `head` is the revision to read files from (absent: the working tree). */
export async function gitDiffText(cwd: string, range: string): Promise<{ root: string; text: string; head?: string }> {
  const root = await gitRoot(cwd);
  if (!root) throw new Error('--diff needs a git repository, and this folder is not in one');
  const text = await git(root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '-U3', range, '--']);
  const head = /\.\.\.?(.+)$/.exec(range)?.[1];
  return head ? { root, text, head } : { root, text };
}

export function readRevisionFile(root: string, rev: string, rel: string): Promise<string> {
  return git(root, ['show', `${rev}:${rel}`]);
}

export interface CollectedFiles {
  root: string;
  files: ReviewInputFile[];
  skipped: SkippedFile[];
  isIgnored: (path: string) => boolean;
}

/**
 * The source files to review, paths relative to the repository root (or `cwd` outside git), with
 * `/`. Named files that are not source code are reported as skipped; in a default run over the
 * whole repository they are just left out (lockfiles, docs, images).
 */
export async function collectFiles(cwd: string, args: string[], diff?: { diff: string; read?: (rel: string) => Promise<string> }): Promise<CollectedFiles> {
  // real paths: git prints the resolved top folder, and `path.relative` must compare like with like
  const realCwd = fs.realpathSync(cwd);
  const top = await gitRoot(realCwd);
  const inGit = top !== undefined;
  const root = top ? fs.realpathSync(top) : realCwd;
  const ignoredSet = inGit ? undefined : loadGitignores(root);
  const isIgnored = (rel: string) => ignoredSet?.isIgnored(rel, false) ?? false;
  const all = inGit
    ? (await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter(Boolean)
    : walk(root, '', ignoredSet!);

  const explicit = new Set<string>();
  const prefixes: string[] = [];
  for (const arg of args) {
    const abs = path.resolve(realCwd, arg);
    if (!fs.existsSync(abs)) throw new Error(`no such file or folder: ${arg}`);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (rel.startsWith('..')) throw new Error(`${arg} is outside the repository at ${root}`);
    if (fs.statSync(abs).isDirectory()) prefixes.push(rel === '' ? '' : `${rel}/`);
    else explicit.add(rel);
  }
  const under = (rel: string) => !args.length || explicit.has(rel) || prefixes.some((p) => rel.startsWith(p));
  const known = new Set(all);
  const skipped: SkippedFile[] = [];
  // a named file that git does not list is untracked and ignored: say so rather than read it
  for (const rel of explicit) if (!known.has(rel)) skipped.push({ path: rel, reason: 'gitignored' });

  let candidates = all.filter(under);
  if (diff) {
    const changed = new Set(parseUnifiedDiff(diff.diff).filter((d) => d.path && !d.binary).map((d) => d.path!));
    candidates = [...changed].filter(under);
  }

  const files: ReviewInputFile[] = [];
  for (const rel of candidates.sort()) {
    const sensitive = sensitiveReason(rel);
    if (sensitive) { skipped.push({ path: rel, reason: 'sensitive', detail: sensitive }); continue; }
    const language = languageOf(rel);
    if (!language) { if (explicit.has(rel)) skipped.push({ path: rel, reason: 'not-source' }); continue; }
    try {
      if (diff?.read) {
        files.push({ path: rel, language, text: await diff.read(rel) });
        continue;
      }
      const abs = path.join(root, rel);
      const size = fs.statSync(abs).size;
      if (size > MAX_FILE_CHARS) { skipped.push({ path: rel, reason: 'too-large', detail: `${size} bytes` }); continue; }
      files.push({ path: rel, language, text: fs.readFileSync(abs, 'utf8') });
    } catch (e) {
      // deleted in the working tree but still listed by git, or unreadable
      skipped.push({ path: rel, reason: 'unreadable', detail: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }
  return { root, files, skipped, isIgnored };
}

function loadGitignores(root: string): GitignoreSet {
  const set = new GitignoreSet();
  const visit = (dir: string) => {
    const file = path.join(root, dir, '.gitignore');
    if (fs.existsSync(file)) set.setFile(dir, fs.readFileSync(file, 'utf8'));
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name) && !set.isIgnored(rel, true)) visit(rel);
    }
  };
  visit('');
  return set;
}

/** Never walked into, .gitignore or not. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

function walk(root: string, dir: string, ignored: GitignoreSet): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !ignored.isIgnored(rel, true)) out.push(...walk(root, rel, ignored));
    } else if (entry.isFile() && !ignored.isIgnored(rel, false)) {
      out.push(rel);
    }
  }
  return out;
}
