import * as z from 'zod';

/** The subset of OpenAI's chat-completions request Churnistic reads; other fields pass through. */
export const ChatRole = z.enum(['system', 'user', 'assistant', 'tool', 'developer']);

export const OpenAIMessage = z.looseObject({
  role: ChatRole,
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]),
  name: z.string().optional(),
});
export type OpenAIMessage = z.infer<typeof OpenAIMessage>;

export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1, 'model is required'),
  messages: z.array(OpenAIMessage).min(1, 'messages must not be empty'),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  stop: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof Usage>;

export const ModelInfo = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number().int(),
  owned_by: z.string(),
});
export const ModelList = z.object({ object: z.literal('list'), data: z.array(ModelInfo) });
export type ModelList = z.infer<typeof ModelList>;
