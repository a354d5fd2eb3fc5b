// Prompt templates the extension sends as the user's chat message. The one explain template serves
// the Explain Selection command, the whole-file case and the chat's `/explain`.
import type { CodeContext } from '../../../protocol';

export const EXPLAIN_PROMPT = 'Explain this code';

export interface ExplainOptions {
  /** Lines kept / total when the selection was trimmed, so the model knows it sees a part. */
  trimmed?: { keptLines: number; totalLines: number };
  /** Extra words the user typed after `/explain`. */
  note?: string;
}

export function explainPrompt(context: readonly CodeContext[], options: ExplainOptions = {}): string {
  const where = context.length === 1 && context[0] ? ` from \`${context[0].fileName}\`${lineRange(context[0])}` : '';
  const parts = [`${EXPLAIN_PROMPT}${where}: what it does, how it works, and anything surprising or risky.`];
  if (options.trimmed) {
    parts.push(`Only the first ${options.trimmed.keptLines} of ${options.trimmed.totalLines} lines are attached.`);
  }
  const note = options.note?.trim();
  if (note) parts.push(note);
  return parts.join('\n\n');
}

function lineRange(context: CodeContext): string {
  if (context.startLine === undefined) return '';
  const lines = context.code.split('\n').length;
  return lines > 1 ? ` (lines ${context.startLine}–${context.startLine + lines - 1})` : ` (line ${context.startLine})`;
}

/** `/explain more about X` → { command: 'explain', rest: 'more about X' }; other text → undefined. */
export function parseSlashCommand(text: string): { command: 'explain'; rest: string } | undefined {
  const match = /^\/explain(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match ? { command: 'explain', rest: (match[1] ?? '').trim() } : undefined;
}
