// How an attachment is named on its chip: the kind first ("selection · app.ts:3-9"), then badges
// for what the editor changed before sending (secrets redacted, lines clipped). Pure; unit-tested.
import type { CodeContext } from '../../protocol';

export interface ChipText {
  label: string;
  badges: string[];
  /** The full description (tooltip and screen readers). */
  title: string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const baseName = (fileName: string) => fileName.split(/[\\/]/).pop() || fileName;

/** `app.ts:3-9` (the lines the code covers, 1-based as the editor shows them) or just `app.ts`. */
export function fileAndLines(c: CodeContext): string {
  const name = baseName(c.fileName);
  if (c.startLine === undefined) return name;
  const lines = c.clipped?.totalLines || c.code.split('\n').length;
  const start = c.startLine + 1; // the protocol's startLine is 0-based
  return lines > 1 ? `${name}:${start}-${start + lines - 1}` : `${name}:${start}`;
}

/** Diagnostics in a problems attachment: its "  12:5 error: …" lines plus the "… and N more". */
function problemCount(c: CodeContext): number {
  const listed = c.code.split('\n').filter((line) => /^\s+\d+:\d+ /.test(line)).length;
  const more = /… and (\d+) more/.exec(c.code);
  return listed + (more ? Number(more[1]) : 0);
}

export function chipText(c: CodeContext): ChipText {
  let label: string;
  switch (c.kind) {
    case 'selection': label = `selection · ${fileAndLines(c)}`; break;
    case 'file': label = `file · ${baseName(c.fileName)}`; break;
    case 'problems': label = `problems · ${problemCount(c)}`; break;
    case 'diff': label = 'diff'; break;
    case 'workspace': label = `workspace · ${fileAndLines(c)}`; break;
    default: label = fileAndLines(c);
  }
  const badges: string[] = [];
  if (c.redactions) badges.push(`${plural(c.redactions, 'secret', 'secrets')} redacted`);
  if (c.clipped) badges.push(`${c.clipped.keptLines.toLocaleString('en-US')} of ${plural(c.clipped.totalLines, 'line', 'lines')} kept`);
  return { label, badges, title: [c.fileName, ...badges].join(' — ') };
}

export interface ChipGroup {
  /** Indexes into the context list (removing the chip removes them all). */
  indexes: number[];
  text: ChipText;
  kind: CodeContext['kind'];
}

/**
 * One chip per attachment, except that the snippets @workspace added side by side share one chip
 * ("workspace · 5 snippets"): they came from one mention and go together.
 */
export function chipGroups(items: readonly CodeContext[]): ChipGroup[] {
  const groups: ChipGroup[] = [];
  let run: number[] = [];
  const flush = () => {
    if (!run.length) return;
    const parts = run.map((i) => items[i]!);
    const redacted = parts.reduce((n, c) => n + (c.redactions ?? 0), 0);
    const clipped = parts.filter((c) => c.clipped).length;
    const badges = [
      ...(redacted ? [`${plural(redacted, 'secret', 'secrets')} redacted`] : []),
      ...(clipped ? [`${clipped} clipped`] : []),
    ];
    const label = run.length === 1 ? chipText(parts[0]!).label : `workspace · ${plural(run.length, 'snippet', 'snippets')}`;
    const text = run.length === 1 ? chipText(parts[0]!) : { label, badges, title: [...parts.map(fileAndLines), ...badges].join('\n') };
    groups.push({ indexes: run, text, kind: 'workspace' });
    run = [];
  };
  items.forEach((c, i) => {
    if (c.kind === 'workspace') {
      run.push(i);
      return;
    }
    flush();
    groups.push({ indexes: [i], text: chipText(c), kind: c.kind });
  });
  flush();
  return groups;
}
