// The context meter shown under the question box: an editor-side estimate of how much of the
// model's window the next question would use (the server's count replaces it after sending).
// It counts what the server will send: its system prompt, the earlier messages, the attachments
// as fenced blocks, and the draft; each message carries a few framing tokens, as on the server
// (TOKENS_PER_MESSAGE in server/src/domain/context-window/families.ts).
import type { CodeContext, ContextMeter } from '../../../../protocol';
import { attachmentTokens } from './fit';
import { estimateTokens } from './tokens';

export const TOKENS_PER_MESSAGE = 5;
/** About the size of the server's system prompt (server/src/domain/chat-prompt.ts). */
export const SYSTEM_PROMPT_TOKENS = 60;

/** The server's default room for the answer: a quarter of the window, at most 4,096 tokens. */
export function defaultReserve(contextWindow: number): number {
  return Math.min(4096, Math.floor(contextWindow / 4));
}

export interface MeterInput {
  model: string;
  contextWindow: number;
  reserve: number;
  /** Earlier messages' text, as they will be sent again. */
  history: string[];
  /** Attachments of the next question. */
  pending: CodeContext[];
  /** The question being typed. */
  draft: string;
}

export function contextMeter(input: MeterInput): ContextMeter {
  let used = SYSTEM_PROMPT_TOKENS + TOKENS_PER_MESSAGE;
  for (const h of input.history) used += estimateTokens(h) + TOKENS_PER_MESSAGE;
  for (const c of input.pending) used += attachmentTokens(c) + 2;
  used += estimateTokens(input.draft) + TOKENS_PER_MESSAGE;
  return {
    usedTokens: Math.max(0, Math.round(used)),
    contextWindow: Math.max(1, Math.floor(input.contextWindow)),
    reserve: Math.max(0, Math.floor(input.reserve)),
    model: input.model,
    source: 'estimate',
  };
}
