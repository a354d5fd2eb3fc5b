// `.gitignore` matching with git's semantics, including nested files.
//
// Why not the `ignore` package: it answers for one rule set and always folds in its own verdict on
// parent directories, so with nested files a shallow `foo/` would still hide `x/foo/a.ts` after
// `x/.gitignore` re-included `foo/` — git does not. Here each file's rules match one path only,
// and the walk over parent directories happens once, across all files (see `GitignoreSet`).
//
// Supported (as in gitignore(5)): comments, escaped `\#` `\!` and trailing spaces, negation,
// directory-only `dir/`, anchoring by a leading or middle `/`, `*` `?` `[...]` (with `!`/`^`
// negation and ranges), and `**` as a leading `**/`, trailing `/**` or middle `/**/`. Not supported:
// POSIX classes like `[[:digit:]]` and case-folding (core.ignorecase): patterns are case-sensitive,
// as on Linux.

export interface GitignoreRule {
  /** The line as written, for logs and tests. */
  pattern: string;
  negative: boolean;
  dirOnly: boolean;
  /** Matched against the whole path relative to the .gitignore's folder when anchored, else the base name. */
  anchored: boolean;
  regex: RegExp;
}

/** Parses one .gitignore file; lines that cannot be patterns are dropped. */
export function parseGitignore(text: string): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const rule = parseLine(raw);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseLine(raw: string): GitignoreRule | undefined {
  let line = stripTrailingSpaces(raw);
  if (!line || line.startsWith('#')) return undefined;
  let negative = false;
  if (line.startsWith('!')) {
    negative = true;
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (!line) return undefined;
  const anchored = line.includes('/');
  const body = line.startsWith('/') ? line.slice(1) : line;
  if (!body) return undefined;
  const regex = globToRegex(body);
  // like git's wildmatch, a pattern with an unclosed `[` matches nothing
  if (regex === undefined) return undefined;
  return { pattern: raw, negative, dirOnly, anchored, regex: new RegExp(`^${regex}$`) };
}

/** Trailing spaces are dropped unless escaped with a backslash. */
function stripTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

function globToRegex(glob: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 2;
    } else if (c === '*') {
      if (glob[i + 1] === '*' && (i === 0 || glob[i - 1] === '/') && (i + 2 === glob.length || glob[i + 2] === '/')) {
        if (i + 2 === glob.length) {
          // trailing `/**`: everything inside (the '/' before it is already emitted)
          out += '.*';
          i += 2;
        } else {
          // leading `**/` or middle `/**/`: zero or more whole directories
          out += '(?:[^/]*/)*';
          i += 3;
        }
      } else {
        // a lone `*`, or `**` that is not a whole segment, stays within one segment
        while (glob[i] === '*') i++;
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const cls = bracketClass(glob, i);
      if (!cls) return undefined;
      out += cls.regex;
      i = cls.end;
    } else {
      out += escapeRegex(c);
      i++;
    }
  }
  return out;
}

/** `[...]` starting at `start`, or undefined when it is never closed. */
function bracketClass(glob: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === ']' && !first) {
      // a class never matches '/', negated or not
      return { regex: negate ? `[^/${body}]` : `(?!/)[${body}]`, end: i + 1 };
    }
    if (c === '\\' && i + 1 < glob.length) {
      body += `\\${glob[i + 1]}`;
      i += 2;
    } else {
      body += c === ']' || c === '^' || c === '\\' ? `\\${c}` : c;
      i++;
    }
    first = false;
  }
  return undefined;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * The last rule of `rules` that matches `path` (relative to the rules' folder, no trailing slash)
 * decides: true = ignored, false = re-included, undefined = no rule matches. Parents are not
 * considered here.
 */
export function matchRules(rules: readonly GitignoreRule[], path: string, isDir: boolean): boolean | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (rule.dirOnly && !isDir) continue;
    if (rule.regex.test(rule.anchored ? path : base)) return !rule.negative;
  }
  return undefined;
}

/**
 * All .gitignore files of a tree, keyed by their folder ('' for the root, 'a/b' otherwise, `/`
 * separators). A deeper file takes precedence over a shallower one, and nothing under an ignored
 * directory can be re-included — git's rules.
 */
export class GitignoreSet {
  private readonly files = new Map<string, GitignoreRule[]>();
  /** Verdicts on directories, reused by every path below them; cleared when any rule changes. */
  private readonly dirCache = new Map<string, boolean>();

  /** Sets (or replaces) the rules of the .gitignore in folder `dir`. */
  setFile(dir: string, text: string): void {
    this.files.set(dir, parseGitignore(text));
    this.dirCache.clear();
  }

  deleteFile(dir: string): void {
    if (this.files.delete(dir)) this.dirCache.clear();
  }

  /** Forgets the .gitignore files in `dir` and below it (a deleted folder). */
  deleteUnder(dir: string): void {
    for (const key of [...this.files.keys()]) {
      if (key === dir || dir === '' || key.startsWith(`${dir}/`)) this.files.delete(key);
    }
    this.dirCache.clear();
  }

  clear(): void {
    this.files.clear();
    this.dirCache.clear();
  }

  hasFile(dir: string): boolean {
    return this.files.has(dir);
  }

  /** Whether `path` (a file, or a folder when `isDir`) is ignored, itself or through a parent folder. */
  isIgnored(path: string, isDir: boolean): boolean {
    const parts = path.split('/');
    for (let n = 1; n < parts.length; n++) {
      if (this.isDirIgnored(parts.slice(0, n).join('/'))) return true;
    }
    return this.decide(path, isDir);
  }

  private isDirIgnored(dir: string): boolean {
    let verdict = this.dirCache.get(dir);
    if (verdict === undefined) {
      verdict = this.decide(dir, true);
      this.dirCache.set(dir, verdict);
    }
    return verdict;
  }

  /** The path's own verdict, parents aside: the deepest .gitignore with a matching rule decides. */
  private decide(path: string, isDir: boolean): boolean {
    let dir = parentOf(path);
    for (;;) {
      const rules = this.files.get(dir);
      if (rules) {
        const rel = dir ? path.slice(dir.length + 1) : path;
        const verdict = matchRules(rules, rel, isDir);
        if (verdict !== undefined) return verdict;
      }
      if (!dir) return false;
      dir = parentOf(dir);
    }
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
