// The prompt the extension sends as the user's chat message for "explain". The one explain template
// (templates/builtins.ts, `/explain`) serves the Explain Selection command, the whole-file case
// and the chat's `/explain`: this renders it, filling the location and notes from the context.
import type { CodeContext } from '../../../protocol';
import { EXPLAIN_PROMPT, EXPLAIN_TEMPLATE } from './templates/builtins';
import { renderTemplate } from './templates/render';

export { EXPLAIN_PROMPT } from './templates/builtins';

export interface ExplainOptions {
  /** Lines kept / total when the selection was trimmed, so the model knows it sees a part. */
  trimmed?: { keptLines: number; totalLines: number };
  /** Extra words the user typed after `/explain`. */
  note?: string;
}

export function explainPrompt(context: readonly CodeContext[], options: ExplainOptions = {}): string {
  const notes: string[] = [];
  if (options.trimmed) notes.push(`Only the first ${options.trimmed.keptLines} of ${options.trimmed.totalLines} lines are attached.`);
  const note = options.note?.trim();
  if (note) notes.push(note);
  const result = renderTemplate(EXPLAIN_TEMPLATE, { location: explainLocation(context) }, { input: notes.join('\n\n') });
  // the built-in template declares only `location`, so rendering cannot fail; keep a fallback anyway
  return 'prompt' in result ? result.prompt : EXPLAIN_PROMPT;
}

/** " from `src/a.ts` (lines 5–7)" for a single attachment, else ''. */
export function explainLocation(context: readonly CodeContext[]): string {
  return context.length === 1 && context[0] ? ` from \`${context[0].fileName}\`${lineRange(context[0])}` : '';
}

/** As the editor shows them: `startLine` is 0-based (protocol/chat.ts). */
function lineRange(context: CodeContext): string {
  if (context.startLine === undefined) return '';
  const first = context.startLine + 1;
  const lines = context.code.split('\n').length;
  return lines > 1 ? ` (lines ${first}–${first + lines - 1})` : ` (line ${first})`;
}

/** `/explain more about X` → { command: 'explain', rest: 'more about X' }; other text → undefined. */
export function parseSlashCommand(text: string): { command: 'explain'; rest: string } | undefined {
  const match = /^\/explain(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match ? { command: 'explain', rest: (match[1] ?? '').trim() } : undefined;
}
