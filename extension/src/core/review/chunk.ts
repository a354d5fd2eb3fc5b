// Splitting what a review sends: a large file into pieces (each `ReviewFile` with its 1-based
// `startLine`), and a unified diff into its files with the changed lines on the new side.
// Pure string work, no `vscode`, no git: shared by the CLI and the extension.

export interface ChunkOptions {
  /** Most lines in one piece. */
  maxLines?: number;
  /** Most characters in one piece (the model's budget is in tokens, roughly chars / 3 for code). */
  maxChars?: number;
  /** Lines repeated at the start of the next piece, so a finding at a cut still has context. */
  overlapLines?: number;
}

export interface FileChunk {
  content: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/** ~5k tokens per piece: several pieces fit a request's budget, and a cut is rarely needed. */
export const DEFAULT_CHUNK: Required<ChunkOptions> = { maxLines: 300, maxChars: 16_000, overlapLines: 3 };

/** A line where a new top-level declaration starts: the best place for a cut after a blank line. */
const DECLARATION = /^(export\s|async\s|function[\s*]|class\s|interface\s|type\s|enum\s|const\s|let\s|var\s|def\s|fn\s|pub\s|func\s|impl\s|struct\s|module\s|package\s|public\s|private\s|protected\s|static\s|@\w)/;

/** The file's lines without the empty "line" after a final newline (a file `a\n` has one line). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Pieces covering every line of `text` in order; one piece when the file fits. */
export function chunkFile(text: string, options: ChunkOptions = {}): FileChunk[] {
  const { maxLines, maxChars, overlapLines } = { ...DEFAULT_CHUNK, ...options };
  const lines = splitLines(text);
  const chunks: FileChunk[] = [];
  let start = 0;
  while (start < lines.length) {
    const first = lines[start]!;
    if (first.length > maxChars) {
      // a minified line: cut it by characters; every piece is on the same line
      for (let i = 0; i < first.length; i += maxChars) chunks.push({ content: first.slice(i, i + maxChars), startLine: start + 1, endLine: start + 1 });
      start++;
      continue;
    }
    // the longest window [start, end] within both limits (+1 per line for its newline)
    let end = start;
    let chars = first.length;
    while (end + 1 < lines.length && end + 1 - start < maxLines && chars + 1 + lines[end + 1]!.length <= maxChars) {
      end++;
      chars += 1 + lines[end]!.length;
    }
    if (end + 1 < lines.length) end = bestCut(lines, start, end);
    chunks.push({ content: lines.slice(start, end + 1).join('\n'), startLine: start + 1, endLine: end + 1 });
    if (end + 1 >= lines.length) break;
    // overlap, but always move forward (a window shorter than the overlap would loop forever)
    start = Math.max(end + 1 - overlapLines, start + 1);
  }
  return chunks;
}

/**
 * The end line of a piece that must stop at or before `hardEnd`: just before a declaration that
 * follows a blank line, else at a blank line, else before any declaration, searched only in the
 * window's second half so pieces stay large; the hard limit when nothing fits.
 */
function bestCut(lines: readonly string[], start: number, hardEnd: number): number {
  const floor = start + Math.floor((hardEnd - start) / 2);
  const blank = (i: number) => lines[i]!.trim() === '';
  // the next piece starts at `i + 1`, so a declaration at `i + 1` begins it
  for (let i = hardEnd; i >= floor; i--) if (blank(i) && DECLARATION.test(lines[i + 1] ?? '')) return i;
  for (let i = hardEnd; i >= floor; i--) if (blank(i)) return i;
  for (let i = hardEnd; i >= floor; i--) if (DECLARATION.test(lines[i + 1] ?? '')) return i;
  return hardEnd;
}

// ---- unified diffs -------------------------------------------------------------------------

/** 1-based inclusive lines on the new side. */
export interface LineRange { start: number; end: number }

export interface DiffHunk {
  oldStart: number; oldLines: number; newStart: number; newLines: number;
  /** The hunk's text, header included. */
  text: string;
}

export interface DiffFile {
  /** null for an added file. */
  oldPath: string | null;
  /** null for a deleted file. */
  path: string | null;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  binary: boolean;
  /** Header lines (`diff --git`, `---`, `+++`…), repeated before each piece of a split diff. */
  header: string;
  hunks: DiffHunk[];
  /** Added lines, and where lines were removed (the new-side line after the gap), merged. */
  changed: LineRange[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The files of a `git diff` (or any unified diff) in order. Tolerates CRLF and `\ No newline`. */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  let oldLeft = 0, newLeft = 0, newLine = 0;
  const headerLines: string[] = [];
  const startFile = (): DiffFile => {
    file = { oldPath: null, path: null, status: 'modified', binary: false, header: '', hunks: [], changed: [] };
    files.push(file);
    headerLines.length = 0;
    hunk = undefined;
    return file;
  };
  const mark = (line: number) => addLine(file!.changed, Math.max(1, line));
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      // inside a hunk the counts say what a line is, so `--- x` here is a removed line, not a header
      const tag = line[0];
      if (tag === '+') { mark(newLine); newLine++; newLeft--; }
      else if (tag === '-') { mark(newLine); oldLeft--; }
      else if (tag === '\\') { /* "\ No newline at end of file" */ }
      else { newLine++; newLeft--; oldLeft--; }
      hunk.text += `\n${line}`;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      const f = startFile();
      const paths = parseGitHeader(line.slice('diff --git '.length));
      if (paths) { f.oldPath = paths[0]; f.path = paths[1]; }
      headerLines.push(line);
    } else if (line.startsWith('--- ')) {
      const f = file && !file.hunks.length ? file : startFile();
      f.oldPath = diffPath(line.slice(4), 'a/');
      if (f.oldPath === null) f.status = 'added';
      headerLines.push(line);
    } else if (line.startsWith('+++ ') && file && !file.hunks.length) {
      file.path = diffPath(line.slice(4), 'b/');
      if (file.path === null) file.status = 'deleted';
      headerLines.push(line);
      file.header = headerLines.join('\n');
    } else if (file && HUNK.test(line)) {
      const m = HUNK.exec(line)!;
      hunk = { oldStart: +m[1]!, oldLines: m[2] === undefined ? 1 : +m[2], newStart: +m[3]!, newLines: m[4] === undefined ? 1 : +m[4], text: line };
      file.hunks.push(hunk);
      if (!file.header) file.header = headerLines.join('\n');
      oldLeft = hunk.oldLines; newLeft = hunk.newLines;
      // a pure deletion's header names the line before the gap (`+N,0`); the gap is after it
      newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    } else if (file && !file.hunks.length) {
      headerLines.push(line);
      if (line.startsWith('new file mode')) { file.status = 'added'; file.oldPath = null; }
      else if (line.startsWith('deleted file mode')) { file.status = 'deleted'; file.path = null; }
      else if (line.startsWith('rename from ')) { file.status = 'renamed'; file.oldPath = unquote(line.slice(12)); }
      else if (line.startsWith('rename to ')) { file.status = 'renamed'; file.path = unquote(line.slice(10)); }
      else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
      file.header = headerLines.join('\n');
    }
  }
  return files;
}

function addLine(ranges: LineRange[], line: number): void {
  const last = ranges.at(-1);
  if (last && line <= last.end + 1 && line >= last.start) last.end = Math.max(last.end, line);
  else ranges.push({ start: line, end: line });
}

/** `a/x b/y` (possibly quoted). Ambiguous unquoted names with spaces fall back to `---`/`+++`. */
function parseGitHeader(rest: string): [string, string] | undefined {
  const quoted = /^"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (quoted) return [unquote(`"${quoted[1]}"`).slice(2), unquote(`"${quoted[2]}"`).slice(2)];
  const half = (rest.length - 1) / 2;
  const a = rest.slice(0, half), b = rest.slice(half + 1);
  if (a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2)) return [a.slice(2), b.slice(2)];
  return undefined;
}

function diffPath(text: string, prefix: string): string | null {
  const name = unquote(text.replace(/\t.*$/, ''));
  if (name === '/dev/null') return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** git's C-style quoting for unusual names: `"a/t\303\251st.ts"` → `a/tést.ts`. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { bytes.push(...Buffer.from(c, 'utf8')); continue; }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) { bytes.push(parseInt(body.slice(i + 1, i + 4), 8)); i += 3; }
    else { bytes.push(escapes[next] ?? next.charCodeAt(0)); i++; }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Whether lines `startLine..endLine` touch a changed line of `file`, within `slack` lines. */
export function touchesChangedLines(file: Pick<DiffFile, 'changed'>, range: { startLine: number; endLine: number }, slack = 3): boolean {
  return file.changed.some((r) => range.startLine <= r.end + slack && range.endLine >= r.start - slack);
}

/**
 * The file's diff in pieces of at most `maxChars`, cut between hunks, each with the header, so a
 * huge diff is sent alongside the matching file pieces. A single hunk over the limit is cut short.
 */
export function splitFileDiff(file: DiffFile, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const h of file.hunks) {
    const text = h.text.length + file.header.length + 1 > maxChars
      ? `${h.text.slice(0, Math.max(0, maxChars - file.header.length - 40))}\n… (hunk cut short)`
      : h.text;
    if (current && current.length + text.length + 1 > maxChars) { pieces.push(current); current = ''; }
    current = current ? `${current}\n${text}` : `${file.header}\n${text}`;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The header and the hunks of `file` whose new side overlaps lines `start..end`, at most `maxChars`. */
export function diffForLines(file: DiffFile, start: number, end: number, maxChars: number): string {
  const hunks = file.hunks.filter((h) => h.newStart <= end && h.newStart + Math.max(h.newLines, 1) - 1 >= start);
  if (!hunks.length) return '';
  const text = [file.header, ...hunks.map((h) => h.text)].join('\n');
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 22))}\n… (diff cut short)`;
}
