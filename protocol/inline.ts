import * as z from 'zod';
import { OpenAIMessage } from './openai';

/**
 * How the server wants inline prompts for the model it routes inline completions to:
 * `chat` (a hole-filler prompt as chat messages; Groq has no fill-in-the-middle endpoint) or
 * `fim` (`prompt` + `suffix` for providers with a real FIM endpoint).
 */
export const InlinePromptStyle = z.enum(['chat', 'fim']);
export type InlinePromptStyle = z.infer<typeof InlinePromptStyle>;

/** `GET /api/v1/completions/inline/config`: fetched once per server and cached by the extension. */
export const InlineConfig = z.object({
  model: z.string(),
  promptStyle: InlinePromptStyle,
  /** Tokens the prompt (context included) may use. */
  maxPromptTokens: z.number().int().positive(),
  /** Largest completion the server will ask for. */
  maxCompletionTokens: z.number().int().positive(),
});
export type InlineConfig = z.infer<typeof InlineConfig>;

export const InlinePrompt = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chat'), messages: z.array(OpenAIMessage).min(1).max(20) }),
  z.object({ kind: z.literal('fim'), prompt: z.string().max(400_000), suffix: z.string().max(400_000) }),
]);
export type InlinePrompt = z.infer<typeof InlinePrompt>;

/** `POST /api/v1/completions/inline`. */
export const InlineCompletionRequest = z.object({
  prompt: InlinePrompt,
  /** Language id and workspace-relative path: for routing, analytics and logs, never file contents. */
  language: z.string().max(64),
  filePath: z.string().max(1024).optional(),
  maxTokens: z.number().int().positive().max(4096).optional(),
  stop: z.array(z.string().max(64)).max(8).optional(),
  /** Overrides the routed model (must be one the server knows). */
  model: z.string().min(1).optional(),
});
export type InlineCompletionRequest = z.infer<typeof InlineCompletionRequest>;

export const InlineCompletionResponse = z.object({
  /** Id for the shown/accepted/dismissed events of this suggestion. */
  id: z.string(),
  completion: z.string(),
  model: z.string(),
  finishReason: z.string(),
});
export type InlineCompletionResponse = z.infer<typeof InlineCompletionResponse>;

export const InlineEventType = z.enum(['shown', 'accepted', 'partiallyAccepted', 'dismissed']);
export type InlineEventType = z.infer<typeof InlineEventType>;

export const InlineEvent = z.object({
  completionId: z.string().min(1).max(128),
  type: InlineEventType,
  language: z.string().max(64),
  /** Characters of the suggestion the user kept (accepted and partially accepted). */
  acceptedChars: z.number().int().nonnegative().optional(),
  /** Characters shown. */
  shownChars: z.number().int().nonnegative().optional(),
  /** Client time, ISO 8601. */
  at: z.iso.datetime(),
});
export type InlineEvent = z.infer<typeof InlineEvent>;

/** `POST /api/v1/completions/events`: batched by the extension. */
export const InlineEventBatch = z.object({ events: z.array(InlineEvent).min(1).max(500) });
export type InlineEventBatch = z.infer<typeof InlineEventBatch>;

/** `POST /api/v1/completions/events` answer (202). */
export const InlineEventsAccepted = z.object({ accepted: z.number().int().nonnegative() });
export type InlineEventsAccepted = z.infer<typeof InlineEventsAccepted>;

/** `GET /api/v1/completions/stats`: the caller's suggestions, shown and kept. */
export const InlineAcceptanceStats = z.object({
  shown: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  partiallyAccepted: z.number().int().nonnegative(),
  dismissed: z.number().int().nonnegative(),
  /** (accepted + partially accepted) / shown; null before anything was shown. */
  acceptanceRate: z.number().nullable(),
  byLanguage: z.record(z.string(), z.object({ shown: z.number().int().nonnegative(), accepted: z.number().int().nonnegative() })),
});
export type InlineAcceptanceStats = z.infer<typeof InlineAcceptanceStats>;
