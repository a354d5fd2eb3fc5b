import * as z from 'zod';
import { Usage } from './openai';

/** Where an attachment came from: the `@` mention (or command) that made it. */
export const ContextKind = z.enum(['selection', 'file', 'problems', 'diff', 'workspace']);
export type ContextKind = z.infer<typeof ContextKind>;

/** Code the user attached to a chat question (a selection, a file, diagnostics, a diff, snippets). */
export const CodeContext = z.object({
  fileName: z.string().max(1024),
  language: z.string().max(64),
  code: z.string().max(200_000),
  /** 0-based line of the code's first line in its file (the editor shows startLine + 1). */
  startLine: z.number().int().nonnegative().optional(),
  kind: ContextKind.optional(),
  /** Secrets replaced by placeholders before it left the editor. */
  redactions: z.number().int().nonnegative().optional(),
  /** The editor shortened it before sending (head and tail kept); the server may shorten it further. */
  clipped: z.object({ totalLines: z.number().int().nonnegative(), keptLines: z.number().int().nonnegative() }).optional(),
});
export type CodeContext = z.infer<typeof CodeContext>;

/** `POST /api/v1/chat`: one user turn; the answer streams back as SSE `ChatEvent`s. */
export const ChatRequest = z.object({
  conversationId: z.string().uuid().optional(),
  message: z.string().trim().min(1, 'message must not be empty').max(100_000),
  context: z.array(CodeContext).max(20).optional(),
  model: z.string().min(1).optional(),
  /** Room kept for the answer (sent upstream as max_tokens); default: a quarter of the window, at most 4,096. */
  maxTokens: z.number().int().positive().max(1_000_000).optional(),
  /**
   * Retry and edit-and-resend: the id of one of the conversation's user messages. That message and
   * every later one are deleted before this turn, so the conversation continues from just before it.
   */
  replaceFrom: z.string().min(1).max(128).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/**
 * How the conversation was fitted into the model's context window for one turn: what was sent,
 * and everything that was left out or shortened (the server never cuts silently).
 */
export const ContextReport = z.object({
  /** The prompt as counted by the server (messages and their framing). */
  promptTokens: z.number().int().nonnegative(),
  contextWindow: z.number().int().positive(),
  /** Tokens kept free for the answer. */
  completionReserve: z.number().int().nonnegative(),
  /** exact: the model's own tokenizer; proxy: a table that counts the same or more; estimate: ±10%. */
  counting: z.enum(['exact', 'proxy', 'estimate']),
  tokenizer: z.string(),
  /** Earlier messages sent along with the new question. */
  keptMessages: z.number().int().nonnegative(),
  /** The oldest earlier messages, left out; their tokens are estimated. */
  dropped: z.object({ messages: z.number().int().nonnegative(), tokens: z.number().int().nonnegative() }),
  /** A note listing the dropped questions was added to the system prompt. */
  summarized: z.boolean(),
  /** Attachments of the new question that were shortened (head and tail kept) or, with keptLines 0, left out. */
  truncated: z.array(z.object({
    fileName: z.string(),
    totalLines: z.number().int().nonnegative(),
    keptLines: z.number().int().nonnegative(),
  })),
});
export type ContextReport = z.infer<typeof ContextReport>;

/**
 * SSE events of `/api/v1/chat`, each sent as `data: <json>`. A stream ends with `data: [DONE]`
 * after a `done` event, or with an `error` event and no `[DONE]`: a broken stream never looks finished.
 */
export const ChatEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    conversationId: z.string(),
    /** The assistant message being written (feedback is given on it). */
    messageId: z.string(),
    /** The stored question (what retry and edit-and-resend replace from). */
    userMessageId: z.string().optional(),
    model: z.string(),
  }),
  /** Right after `start`: how the conversation was fitted into the model's window. */
  ContextReport.extend({ type: z.literal('context') }),
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

/** The caller's rating of an assistant message (`POST /api/v1/messages/{id}/feedback`). */
export const MessageFeedback = z.object({
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  updatedAt: z.string(),
});
export type MessageFeedback = z.infer<typeof MessageFeedback>;

/** A message as the history shows it: with its latency and the caller's feedback (null if none). */
export const ConversationMessage = MessageRecord.extend({
  latencyMs: z.number().int().nullable(),
  feedback: MessageFeedback.nullable(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

/** `GET /api/v1/conversations/{id}`: every message, oldest first, in one response. */
export const ConversationDetail = ConversationSummary.extend({ messages: z.array(ConversationMessage) });
export type ConversationDetail = z.infer<typeof ConversationDetail>;

/**
 * `GET /api/v1/conversations`: newest activity first. The cursor pins a snapshot taken at the first
 * page: conversations created later are not added and ones that got messages later keep their
 * place, so walking the pages shows each conversation that existed then exactly once.
 */
export const ListConversationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().describe('nextCursor of the previous page'),
});
