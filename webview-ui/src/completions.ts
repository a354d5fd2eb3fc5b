// What the composer's menus offer: `@` mentions (context kinds) and `/` commands. Pure: finding
// the word being typed, filtering, and what choosing an item does to the draft. Unit-tested.
import type { ContextKind, SlashCommandInfo } from '../../protocol';

export interface Trigger {
  kind: 'mention' | 'slash';
  /** Where the `@`/`/` is in the draft. */
  start: number;
  /** The typed word after it, up to the caret. */
  query: string;
}

export interface MenuItem {
  id: string;
  label: string;
  description: string;
}

export const MENTIONS: readonly (MenuItem & { id: ContextKind })[] = [
  { id: 'selection', label: '@selection', description: 'The code selected in the editor' },
  { id: 'file', label: '@file', description: 'A file (pick it in the editor)' },
  { id: 'problems', label: '@problems', description: 'Errors and warnings of the current file' },
  { id: 'diff', label: '@diff', description: 'Uncommitted changes (git diff)' },
  { id: 'workspace', label: '@workspace', description: 'Relevant snippets from the workspace index' },
];

/** The menu the caret is in: `/word` as the whole draft so far, or `@word` after a space or at the start. */
export function findTrigger(draft: string, caret: number): Trigger | undefined {
  const before = draft.slice(0, caret);
  const slash = /^\/([\w-]*)$/.exec(before);
  if (slash) return { kind: 'slash', start: 0, query: slash[1]! };
  const mention = /(^|\s)@(\w*)$/.exec(before);
  if (mention) return { kind: 'mention', start: mention.index + mention[1]!.length, query: mention[2]! };
  return undefined;
}

/** Items starting with the query first, then items containing it; case-insensitive. */
export function filterItems<T extends MenuItem>(items: readonly T[], query: string, name: (item: T) => string = (i) => i.id): T[] {
  const q = query.toLowerCase();
  const prefix = items.filter((i) => name(i).toLowerCase().startsWith(q));
  const inside = items.filter((i) => !name(i).toLowerCase().startsWith(q) && name(i).toLowerCase().includes(q));
  return [...prefix, ...inside];
}

export function slashItems(commands: readonly SlashCommandInfo[]): MenuItem[] {
  const source = { builtin: '', workspace: ' (workspace)', team: ' (team)' } as const;
  return commands.map((c) => ({ id: c.name, label: `/${c.name}`, description: c.description + source[c.source] }));
}

export interface Edit {
  draft: string;
  caret: number;
}

/** A mention became a chip: the typed `@word` leaves the draft (with one of the spaces around it). */
export function removeTrigger(draft: string, trigger: Trigger, caret: number): Edit {
  let start = trigger.start;
  let end = caret;
  while (end < draft.length && /\w/.test(draft[end]!)) end++; // the rest of the word after the caret
  if (draft[end] === ' ' && (start === 0 || draft[start - 1] === ' ')) end++;
  else if (end === draft.length && start > 0 && draft[start - 1] === ' ') start--;
  return { draft: draft.slice(0, start) + draft.slice(end), caret: start };
}

/** A chosen command replaces the typed `/word`: `/name ` and the caret after it. */
export function applySlash(draft: string, name: string, caret: number): Edit {
  const rest = draft.slice(caret).replace(/^[\w-]*\s?/, '');
  const head = `/${name} `;
  return { draft: head + rest, caret: head.length };
}
