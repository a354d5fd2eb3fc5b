import type { ChatCompletionRequest } from '../../../protocol';

/**
 * A rough token count (about four characters a token for English and code) used only when the
 * upstream reported no usage, e.g. for a stream the client aborted.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function estimatePromptTokens(body: ChatCompletionRequest): number {
  let chars = 0;
  for (const m of body.messages) chars += typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length;
  return Math.ceil(chars / 4);
}
