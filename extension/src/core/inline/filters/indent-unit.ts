// The indentation step of a document, for FilterContext.indentUnit when the editor does not say
// (the provider should prefer the editor's insertSpaces/tabSize). Like detect-indent: tabs when
// most indented lines start with a tab, else the most common increase in indentation between
// consecutive non-blank lines (2 to 8 columns). Block comment continuation lines (` * …`) are
// skipped: their one extra space is not a step. Reads at most the first MAX_CHARS characters.
const MAX_CHARS = 100_000;
const DEFAULT_UNIT = '    ';
const INDENT = /^[ \t]*/;
const BLANK = /^\s*$/;

export function inferIndentUnit(text: string): string {
  const steps = new Map<number, number>();
  let tabs = 0;
  let spaces = 0;
  let previous = 0;
  for (const line of text.slice(0, MAX_CHARS).split('\n')) {
    const indent = INDENT.exec(line)![0];
    const rest = line.slice(indent.length);
    if (BLANK.test(rest) || rest.startsWith('*')) continue;
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    if (indent.length > 0) spaces++;
    const step = indent.length - previous;
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indent.length;
  }
  if (tabs > spaces) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  }
  return best ? ' '.repeat(best) : DEFAULT_UNIT;
}
