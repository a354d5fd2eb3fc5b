// The hole-filler prompt for chat models (Groq has no FIM endpoint). Chat models left to themselves
// explain, wrap code in fences, repeat the line they were given, or rewrite the whole function;
// that is where Continue's users see messy output. What keeps them on task here:
// - one fixed answer format (<COMPLETION>…</COMPLETION>) that the request also uses as a stop
//   sequence, so the model stops right after the code;
// - explicit rules about what the answer is (only the inserted text) and about indentation (the
//   first line continues at the cursor, later lines carry their full indentation);
// - two short worked examples as real chat turns, which small models follow far better than rules;
// - a per-request scope line (finish this line / finish this block) matching what the filters keep;
// - a tolerant parser (extractChatCompletion) for the answers that still come back untidy.
import type { OpenAIMessage } from '../../../../protocol';
import { commentedSnippets, languageName, type PromptInput } from './prompt-common';

export const HOLE = '{{FILL_HERE}}';
export const OPEN_TAG = '<COMPLETION>';
export const CLOSE_TAG = '</COMPLETION>';
/** Stop sequences for chat requests: the model has nothing useful to say after the closing tag. */
export const CHAT_STOP = [CLOSE_TAG];

export const CHAT_SYSTEM_PROMPT = `You are a code completion engine inside a code editor, not a chat assistant.
The user sends a file with a hole marked ${HOLE} where the cursor is. Reply with the exact text to insert at the hole, between ${OPEN_TAG} and ${CLOSE_TAG}, and nothing else.

Rules:
- Write only the inserted text: no explanations, no markdown, no code fences, no line numbers.
- The code before and after the hole already exists and stays. Never repeat it: do not restate the start of the line, and do not add closing brackets, quotes or lines that already follow the hole.
- The first line of your answer continues the hole's line exactly at the cursor, so it has no leading indentation of its own. Every later line carries its full indentation, in the file's style (spaces or tabs, same width).
- With your text in place of the hole, the file must be valid code: close what you open, and stop where the code after the hole takes over.
- Follow the surrounding code: its names, its style, the functions it already uses. Snippets from other files are there to tell you real names and signatures; never copy them blindly.
- Keep it to what the developer is most likely to type next: finish the current line, statement or block, not the rest of the file.
- If nothing should be inserted, answer ${OPEN_TAG}${CLOSE_TAG}.`;

const SINGLE_LINE_TASK = `Fill the ${HOLE} hole with the rest of the current line only (no line breaks).`;
const MULTI_LINE_TASK = `Fill the ${HOLE} hole. Several lines are fine if the code needs them, but stop at the end of the current block or statement.`;

// Worked examples: a mid-line hole with code after it (do not repeat `);`), and a block body
// (first line at the cursor, the following lines fully indented).
const EXAMPLES: Array<{ user: string; assistant: string }> = [
  {
    user: userMessage({
      filePath: 'src/geometry.ts',
      languageId: 'typescript',
      prefix: 'export function hypotenuse(a: number, b: number): number {\n  return Math.sqrt(',
      suffix: ');\n}\n',
      snippets: [],
      multiline: false,
    }),
    assistant: `${OPEN_TAG}a * a + b * b${CLOSE_TAG}`,
  },
  {
    user: userMessage({
      filePath: 'stats.py',
      languageId: 'python',
      prefix: 'def mean(values):\n    ',
      suffix: '\n\n\ndef median(values):\n    ordered = sorted(values)\n',
      snippets: [],
      multiline: true,
    }),
    // stays inside the block it starts in: the post-processing cuts lines after a block ends
    assistant: `${OPEN_TAG}total = sum(values)\n    return total / len(values) if values else 0.0${CLOSE_TAG}`,
  },
];

/** The marker, or a variant of it when the file itself happens to contain the marker text. */
export function holeMarker(prefix: string, suffix: string): string {
  let marker = HOLE;
  for (let n = 1; prefix.includes(marker) || suffix.includes(marker); n++) marker = `{{FILL_HERE_${n}}}`;
  return marker;
}

function userMessage(input: PromptInput): string {
  const marker = holeMarker(input.prefix, input.suffix);
  const parts = [`Language: ${languageName(input.languageId)}`, `File: ${input.filePath || 'untitled'}`];
  if (input.snippets.length) {
    parts.push(
      `\nCode from other files of the project, for reference (as comments):\n<SNIPPETS>\n${commentedSnippets(input.snippets, input.languageId)}\n</SNIPPETS>`,
    );
  }
  const query = `${input.prefix}${marker}${input.suffix}`;
  parts.push(`\n<QUERY>\n${query}${query.endsWith('\n') ? '' : '\n'}</QUERY>\n`);
  const task = input.multiline ? MULTI_LINE_TASK : SINGLE_LINE_TASK;
  parts.push(marker === HOLE ? task : task.replaceAll(HOLE, marker));
  return parts.join('\n');
}

export function buildChatPrompt(input: PromptInput): { kind: 'chat'; messages: OpenAIMessage[] } {
  const messages: OpenAIMessage[] = [{ role: 'system', content: CHAT_SYSTEM_PROMPT }];
  for (const example of EXAMPLES) {
    messages.push({ role: 'user', content: example.user }, { role: 'assistant', content: example.assistant });
  }
  messages.push({ role: 'user', content: userMessage(input) });
  return { kind: 'chat', messages };
}

/** The prompt text that does not depend on the file (for budgeting: the window gets what is left). */
export function chatPromptOverhead(): string {
  return [CHAT_SYSTEM_PROMPT, ...EXAMPLES.flatMap((e) => [e.user, e.assistant])].join('\n');
}

/**
 * The inserted text from a chat model's answer. Takes what is between the tags (the closing tag is
 * usually absent: it is the stop sequence), and undoes the usual formatting slips: the tags on
 * lines of their own, the cursor line's indentation written again. Fences and echoed code are left
 * to the post-processing filters, which handle them for every prompt style.
 */
export function extractChatCompletion(raw: string, linePrefix: string): string {
  let text = raw;
  const open = text.search(/<COMPLETION>/i);
  if (open !== -1) text = text.slice(open + OPEN_TAG.length);
  const close = text.search(/<\/COMPLETION>/i);
  if (close !== -1) text = text.slice(0, close);
  text = text.replace(/\{\{FILL_HERE(?:_\d+)?\}\}/g, '');

  const atLineStart = linePrefix.trim() === '';
  // `<COMPLETION>\n…\n</COMPLETION>`: the line breaks belong to the tags, not to the code — unless
  // the cursor follows code and the next line is indented (`def f():` + `\n    body`): a real break
  const leading = /^\r?\n/.exec(text);
  if (leading) {
    const rest = text.slice(leading[0].length);
    if (atLineStart || (!/^[ \t]/.test(rest) && /\r?\n[ \t]*$/.test(text))) text = rest;
  }
  text = text.replace(/\r?\n[ \t]*$/, '');
  // the model wrote the line's indentation although the cursor is already past it
  if (atLineStart && linePrefix && text.startsWith(linePrefix)) text = text.slice(linePrefix.length);
  return text;
}
