// Where an answer's code block goes when the user presses Apply. Models answer with either the
// whole file or a fragment; guessing wrong either duplicates the file or deletes most of it, so the
// rules are conservative and the result is always shown as a diff before anything changes:
//   1. a selection in the editor: the block replaces it;
//   2. the block looks like the whole file (it starts with the file's first line and ends with its
//      last one, or its lines cover at least 60% of the file's distinct non-blank lines and it is at
//      least half as long): the block replaces the file;
//   3. otherwise the block is inserted at the cursor, on a line of its own.

export interface ApplyInput {
  original: string;
  code: string;
  /** Offsets into `original`; absent when nothing is selected. */
  selection?: { start: number; end: number };
  cursor: number;
}

export type ApplyMode = 'replace selection' | 'replace file' | 'insert at cursor';

export interface ApplyPlan {
  mode: ApplyMode;
  /** The whole file after the change. */
  result: string;
}

export function planApply({ original, code, selection, cursor }: ApplyInput): ApplyPlan {
  const block = code.replace(/\n$/, '');
  if (selection && selection.end > selection.start) {
    return { mode: 'replace selection', result: original.slice(0, selection.start) + block + original.slice(selection.end) };
  }
  if (looksLikeWholeFile(original, block)) {
    return { mode: 'replace file', result: original.endsWith('\n') ? `${block}\n` : block };
  }
  const at = Math.max(0, Math.min(cursor, original.length));
  const before = original.slice(0, at);
  const after = original.slice(at);
  const lead = before === '' || before.endsWith('\n') ? '' : '\n';
  const trail = after === '' || after.startsWith('\n') ? '' : '\n';
  return { mode: 'insert at cursor', result: `${before}${lead}${block}${trail}${after}` };
}

export function looksLikeWholeFile(original: string, block: string): boolean {
  const fileLines = meaningful(original);
  const blockLines = meaningful(block);
  if (!fileLines.length || !blockLines.length) return false;
  if (blockLines[0] === fileLines[0] && blockLines.at(-1) === fileLines.at(-1) && blockLines.length * 2 >= fileLines.length) return true;
  const distinct = new Set(fileLines);
  const shared = new Set(blockLines.filter((l) => distinct.has(l)));
  return shared.size >= 0.6 * distinct.size && blockLines.length * 2 >= fileLines.length;
}

function meaningful(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}
