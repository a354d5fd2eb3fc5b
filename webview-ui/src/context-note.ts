// What the server left out to fit the model's context window, as short sentences shown under the
// answer. Pure, so it is unit-tested; nothing is shown when nothing was cut.
import type { ContextReport } from '../../protocol';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

export function contextNote(report: ContextReport | undefined): string[] {
  if (!report) return [];
  const lines: string[] = [];
  const window = `the model's context window (${n(report.contextWindow)} tokens)`;
  if (report.dropped.messages) {
    lines.push(`${plural(report.dropped.messages, 'earlier message was', 'earlier messages were')} left out to fit ${window}`
      + `${report.summarized ? '; the model was told what they asked' : ''}.`);
  }
  for (const cut of report.truncated) {
    lines.push(cut.keptLines
      ? `${cut.fileName} was shortened to fit ${window}: ${n(cut.keptLines)} of ${plural(cut.totalLines, 'line', 'lines')} kept (its start and end).`
      : `${cut.fileName} (${plural(cut.totalLines, 'line', 'lines')}) was left out: it did not fit ${window}.`);
  }
  return lines;
}
