// The prompt for models with a real fill-in-the-middle endpoint: `prompt` (what precedes the
// cursor) and `suffix`. FIM models were trained on plain files, so context goes in the way it
// would appear in a file: comments in the file's own syntax above the code, the path first and
// the best snippet last (closest to the cursor), as Copilot does.
import { commentOut, commentedSnippets, type PromptInput } from './prompt-common';

export function buildFimPrompt(input: PromptInput): { kind: 'fim'; prompt: string; suffix: string } {
  const header: string[] = [];
  if (input.filePath) header.push(commentOut(`Path: ${input.filePath}`, input.languageId));
  if (input.snippets.length) header.push(commentedSnippets(input.snippets, input.languageId));
  const prompt = header.length ? `${header.join('\n')}\n${input.prefix}` : input.prefix;
  return { kind: 'fim', prompt, suffix: input.suffix };
}

/** FIM answers are raw text: nothing to unwrap, but a model may still echo its stop token. */
export function extractFimCompletion(raw: string): string {
  return raw.replace(/<\|(?:endoftext|fim_pad|file_sep|eot_id)\|>[\s\S]*$/, '');
}
