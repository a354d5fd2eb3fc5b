import type { ChatModel } from '../../../protocol';
import type { Gateway } from '../llm/gateway';

/**
 * The window assumed for a model the config does not list (a new Groq model asked for by name):
 * the config file's own default, so a listed model without one and an unlisted one agree.
 */
export const DEFAULT_CONTEXT_WINDOW = 131_072;

export function contextWindowOf(gateway: Gateway, model: string): number {
  return gateway.model(model)?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
}

/**
 * What the chat's model picker offers: the models the server routes chat to (those of `GET
 * /v1/models` whose tasks include chat, in the same order; an inline-only model would answer a
 * question badly), with the window the chat turn fits the conversation into and which one a
 * request without `model` gets.
 */
export function chatModels(gateway: Gateway): ChatModel[] {
  const defaultId = gateway.defaultModel('chat');
  return gateway.models.filter((m) => m.tasks.includes('chat')).map((m) => ({
    id: m.id,
    provider: m.provider,
    contextWindow: contextWindowOf(gateway, m.id),
    isDefault: m.id === defaultId,
  }));
}
