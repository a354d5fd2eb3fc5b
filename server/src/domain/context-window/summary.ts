// The note that stands in for dropped turns. Deterministic and cheap (no LLM call): the model
// learns that the conversation is longer than what it sees and what the user asked back then, so
// it can say so instead of guessing.
import type { OpenAIMessage } from '../../../../protocol';

const QUESTION_CHARS = 60;
/** How many questions the longest form of the note lists; shorter forms list fewer. */
const FORMS = [5, 3, 1, 0];

/**
 * The question a stored user turn asked: the text after its attachments' fenced blocks (see
 * chat-prompt `userTurn`), first line, shortened.
 */
export function questionOf(turn: string): string {
  const fences = [...turn.matchAll(/^(```|~~~~)\s*$/gm)];
  const after = fences.length ? turn.slice(fences.at(-1)!.index + fences.at(-1)![0].length) : turn;
  const line = (after.trim() || turn.trim()).split('\n')[0]!.trim();
  return line.length > QUESTION_CHARS ? `${line.slice(0, QUESTION_CHARS - 1)}…` : line;
}

/**
 * The longest form of the note that `fits`, or undefined when not even the shortest does.
 * Oldest questions first, as they were asked.
 */
export function droppedNote(dropped: OpenAIMessage[], fits: (note: string) => boolean, textOf: (m: OpenAIMessage) => string): string | undefined {
  const questions = dropped.filter((m) => m.role === 'user').map((m) => questionOf(textOf(m)));
  const n = dropped.length;
  const head = `Note: the ${n === 1 ? 'earliest message' : `${n} earliest messages`} of this conversation ${n === 1 ? 'was' : 'were'} left out to fit your context window.`;
  for (const listed of FORMS) {
    if (listed > 0 && !questions.length) continue;
    const shown = questions.slice(0, listed).map((q) => `"${q}"`).join('; ');
    const more = questions.length - Math.min(listed, questions.length);
    const list = listed > 0 ? ` The user asked then: ${shown}${more ? ` and ${more} more` : ''}.` : '';
    const note = `${head}${list} If the user refers to them, say that you no longer see them.`;
    if (fits(note)) return note;
  }
  return undefined;
}
