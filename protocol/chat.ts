import * as z from 'zod';
import { Usage } from './openai';

/** Code the user attached to a chat question (a selection, a file). */
export const CodeContext = z.object({
  fileName: z.string().max(1024),
  language: z.string().max(64),
  code: z.string().max(200_000),
  startLine: z.number().int().nonnegative().optional(),
});
export type CodeContext = z.infer<typeof CodeContext>;

/** `POST /api/v1/chat`: one user turn; the answer streams back as SSE `ChatEvent`s. */
export const ChatRequest = z.object({
  conversationId: z.string().uuid().optional(),
  message: z.string().trim().min(1, 'message must not be empty').max(100_000),
  context: z.array(CodeContext).max(20).optional(),
  model: z.string().min(1).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/**
 * SSE events of `/api/v1/chat`, each sent as `data: <json>`. A stream ends with `data: [DONE]`
 * after a `done` event, or with an `error` event and no `[DONE]`: a broken stream never looks finished.
 */
export const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), conversationId: z.string(), messageId: z.string(), model: z.string() }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({
    type: z.literal('done'),
    finishReason: z.string(),
    usage: Usage.optional(),
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

export const MessageRecord = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  model: z.string().nullable(),
  status: z.enum(['complete', 'streaming', 'aborted', 'error']),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  createdAt: z.string(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const ConversationSummary = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messageCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const ConversationList = z.object({
  data: z.array(ConversationSummary),
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type ConversationList = z.infer<typeof ConversationList>;

export const ConversationDetail = ConversationSummary.extend({ messages: z.array(MessageRecord) });
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ListConversationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
