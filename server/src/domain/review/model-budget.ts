// How many prompt tokens a model takes for a review or commit-message call, counted the way the
// chat does it (context-window/: the model family's tokenizer, a safety margin when estimated).
import type { OpenAIMessage } from '../../../../protocol';
import type { Gateway } from '../../llm/gateway';
import { contextWindowOf } from '../chat-models';
import { SAFETY_MARGIN, type TokenCounter, type TokenCounters } from '../context-window/counter';
import { familyOf, TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from '../context-window/families';

export interface ModelBudget {
  counter: TokenCounter;
  contextWindow: number;
  /** The answer's room (max_tokens): as asked, but at most a quarter of a small window. */
  answerTokens: number;
  /** Tokens the prompt may use once the answer's room and the margin are set aside. */
  promptTokens: number;
  jsonMode: boolean;
}

export function modelBudget(gateway: Gateway, counters: TokenCounters, model: string, answerTokens: number): ModelBudget {
  const entry = gateway.model(model);
  // The tokenizer of the model by its name at the provider, else by our id (as chat-service does).
  const upstream = entry?.upstreamModel;
  const counter = counters.forFamily(upstream && familyOf(upstream) !== 'generic' ? familyOf(upstream) : familyOf(model));
  const contextWindow = contextWindowOf(gateway, model);
  const answer = Math.min(answerTokens, Math.floor(contextWindow / 4));
  const promptTokens = Math.floor((contextWindow - answer) / (1 + SAFETY_MARGIN[counter.method])) - TOKENS_PER_REQUEST;
  return { counter, contextWindow, answerTokens: answer, promptTokens, jsonMode: entry?.jsonMode === true };
}

export function promptTokens(counter: TokenCounter, messages: OpenAIMessage[]): number {
  return messages.reduce((n, m) => n + counter.count(typeof m.content === 'string' ? m.content : '') + TOKENS_PER_MESSAGE, 0);
}
