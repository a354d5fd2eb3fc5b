// A unified diff (`git diff` output) as an attachment. The diff is cut into per-file sections (at
// `diff --git`, or at `--- ` for plain `diff -u` output); sections of sensitive files are removed
// whole by the caller's predicate before anything else happens, and binary sections keep only
// their header with a one-line note (their patch is noise to the model).
import type { CodeContext } from '../../../../protocol';
import { makeContext } from './formatters';

export interface DiffSection {
  /** The file's path (the new one; the old one for a deletion); '' when the header names none. */
  path: string;
  text: string;
  binary: boolean;
}

const GIT_HEADER = /^diff --git (?:"?a\/(.{1,4096}?)"?) (?:"?b\/(.{1,4096}?)"?)$/;

export function splitDiff(diff: string): DiffSection[] {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  const git = lines.some((l) => l.startsWith('diff --git '));
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (git ? l.startsWith('diff --git ') : l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) starts.push(i);
  });
  if (!starts.length) return diff.trim() ? [{ path: '', text: diff, binary: false }] : [];
  const sections: DiffSection[] = [];
  if (starts[0]! > 0) sections.push({ path: '', text: lines.slice(0, starts[0]).join('\n'), binary: false });
  starts.forEach((start, n) => {
    const body = lines.slice(start, starts[n + 1] ?? lines.length);
    sections.push({ path: sectionPath(body), text: body.join('\n'), binary: body.some(isBinaryLine) });
  });
  return sections;
}

const isBinaryLine = (l: string) => /^Binary files .* differ$/.test(l) || l === 'GIT binary patch';

function sectionPath(body: string[]): string {
  const plus = body.find((l) => l.startsWith('+++ '))?.slice(4).replace(/\t.*$/, '');
  const minus = body.find((l) => l.startsWith('--- '))?.slice(4).replace(/\t.*$/, '');
  const strip = (p: string) => p.replace(/^"?[ab]\//, '').replace(/"$/, '');
  if (plus && plus !== '/dev/null') return strip(plus);
  if (minus && minus !== '/dev/null') return strip(minus);
  const git = GIT_HEADER.exec(body[0] ?? '');
  return git ? (git[2] ?? git[1] ?? '') : '';
}

/** The diff without the sections of files `isSensitive` says must not be sent; and which were removed. */
export function removeSensitiveDiffFiles(diff: string, isSensitive: (path: string) => boolean): { diff: string; removed: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const s of splitDiff(diff)) {
    // a rename can move a secret file to an ordinary name: check both sides
    const paths = [s.path, ...renamedFrom(s.text)].filter(Boolean);
    if (paths.some(isSensitive)) removed.push(s.path);
    else kept.push(s.text);
  }
  return { diff: kept.join('\n'), removed };
}

function renamedFrom(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:rename from |--- a\/|diff --git a\/)(\S{1,4096})/gm)) out.push(m[1]!);
  return out;
}

/** The diff as a `diff` attachment with binary patches left out; undefined when nothing is left. */
export function diffContext(unifiedDiff: string, options: { fileName?: string } = {}): CodeContext | undefined {
  const parts = splitDiff(unifiedDiff).map((s) => {
    if (!s.binary) return s.text.replace(/\n+$/, '');
    const header = s.text.split('\n').filter((l) => /^(diff --git|new file|deleted file|rename |similarity )/.test(l));
    return [...header, `(binary file ${s.path || ''} changed; content left out)`.replace('  ', ' ')].join('\n');
  });
  const code = parts.join('\n').trim();
  if (!code) return undefined;
  return { ...makeContext('diff', options.fileName ?? 'git diff', 'diff', code) };
}
