// Fitting a unified diff into a token budget for the commit-message prompt. The rule, in order:
//
//  1. The whole diff, if it fits.
//  2. Else every file, with each hunk cut to its first N lines (the largest N that fits, at least
//     MIN_HUNK_LINES): file headers and `@@` lines always stay, and a marker line says how many
//     lines of the hunk were left out. The start of every hunk says most about what changed.
//  3. Else hunks cut to MIN_HUNK_LINES, files kept in diff order while they fit; the files left
//     out are listed by name at the end, so the model still knows they changed.
//
// Costs are summed per line (as context-window/truncate.ts does) and the result counted for real.

export const MIN_HUNK_LINES = 5;

export interface FittedDiff {
  text: string;
  /** Paths whose diff was left out entirely. */
  omittedFiles: string[];
  /** Lines of hunks that were cut (not counting omitted files). */
  cutLines: number;
}

interface FileDiff {
  name: string;
  header: string[];
  hunks: { head: string; body: string[] }[];
}

type Count = (text: string) => number;

export function fitDiff(diff: string, maxTokens: number, count: Count): FittedDiff {
  if (count(diff) <= maxTokens) return { text: diff, omittedFiles: [], cutLines: 0 };
  const files = parseDiff(diff);
  const cost = (line: string) => count(`${line}\n`);
  const costs = new Map<string, number>();
  const lineCost = (line: string) => costs.get(line) ?? (costs.set(line, cost(line)), costs.get(line)!);
  const fileCost = (f: FileDiff, n: number) => f.header.reduce((s, l) => s + lineCost(l), 0)
    + f.hunks.reduce((s, h) => s + lineCost(h.head) + sumCost(h.body.slice(0, n), lineCost) + (h.body.length > n ? MARKER_TOKENS : 0), 0);

  // Step 2: the largest N for which every file fits.
  const longest = Math.max(0, ...files.flatMap((f) => f.hunks.map((h) => h.body.length)));
  let lo = MIN_HUNK_LINES;
  let hi = longest;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (files.reduce((s, f) => s + fileCost(f, mid), 0) <= maxTokens) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  // Step 3: MIN_HUNK_LINES per hunk, files in order while they fit (leaving room for the list of the rest).
  let n = best;
  let kept = files;
  if (best < 0) {
    n = MIN_HUNK_LINES;
    kept = [];
    let used = count(omittedNote(files.map((f) => f.name)));
    for (const f of files) {
      const c = fileCost(f, n);
      if (used + c > maxTokens) break;
      kept.push(f);
      used += c;
    }
  }
  // The per-line sum can be a little low: drop files from the end until the real count fits.
  for (;;) {
    const result = render(files, kept, n);
    if (count(result.text) <= maxTokens || kept.length === 0) return result;
    kept = kept.slice(0, -1);
  }
}

const MARKER_TOKENS = 16;
const sumCost = (lines: string[], cost: Count) => lines.reduce((s, l) => s + cost(l), 0);

function render(all: FileDiff[], kept: FileDiff[], n: number): FittedDiff {
  const out: string[] = [];
  let cutLines = 0;
  for (const f of kept) {
    out.push(...f.header);
    for (const h of f.hunks) {
      out.push(h.head, ...h.body.slice(0, n));
      const cut = h.body.length - n;
      if (cut > 0) {
        out.push(`[… ${cut} more line${cut === 1 ? '' : 's'} of this hunk left out to fit the context window …]`);
        cutLines += cut;
      }
    }
  }
  const omittedFiles = all.filter((f) => !kept.includes(f)).map((f) => f.name);
  if (omittedFiles.length) out.push(omittedNote(omittedFiles));
  return { text: out.join('\n'), omittedFiles, cutLines };
}

function omittedNote(names: string[]): string {
  return `[The diffs of ${names.length} more file${names.length === 1 ? '' : 's'} were left out to fit the context window: ${names.join(', ')}]`;
}

/** Files start at `diff --git` (git) or, in a plain unified diff, at a `---` line followed by `+++`. */
export function parseDiff(diff: string): FileDiff[] {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  const git = lines.some((l) => l.startsWith('diff --git '));
  const startsFile = (i: number) => (git ? lines[i]!.startsWith('diff --git ')
    : lines[i]!.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') === true);
  const files: FileDiff[] = [];
  let current: FileDiff | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!current || startsFile(i)) {
      current = { name: '', header: [], hunks: [] };
      files.push(current);
    }
    if (line.startsWith('@@')) current.hunks.push({ head: line, body: [] });
    else if (current.hunks.length) current.hunks[current.hunks.length - 1]!.body.push(line);
    else current.header.push(line);
  }
  for (const f of files) f.name = fileName(f.header);
  return files;
}

function fileName(header: string[]): string {
  const plus = header.find((l) => l.startsWith('+++ ') && !l.endsWith('/dev/null'));
  if (plus) return plus.slice(4).replace(/^b\//, '').trim();
  const minus = header.find((l) => l.startsWith('--- '));
  if (minus) return minus.slice(4).replace(/^a\//, '').trim();
  const git = header.find((l) => l.startsWith('diff --git '));
  return git ? (/ b\/(.+)$/.exec(git)?.[1] ?? git.slice(11)) : (header[0] ?? '(diff)');
}
