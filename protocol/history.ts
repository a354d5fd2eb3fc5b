import * as z from 'zod';
import { ConversationSummary, MessageFeedback, MessageRecord } from './chat';

/** `PATCH /api/v1/conversations/{id}`. Renaming does not change updatedAt (the list sorts by activity). */
export const RenameConversationRequest = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200),
});
export type RenameConversationRequest = z.infer<typeof RenameConversationRequest>;

/**
 * `GET /api/v1/conversations/search`. Words are matched by stem (porter: "deploying" finds
 * "deployment"), every word must occur, `"two words"` is a phrase, `word*` a prefix (at least 2
 * characters). Anything else in `q` (operators, brackets, stray quotes) is treated as plain text.
 */
export const SearchConversationsQuery = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(500).describe('What to look for in titles and messages'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchConversationsQuery = z.infer<typeof SearchConversationsQuery>;

/** Text with the matched words marked: `[start, end)` offsets into `text`, in UTF-16 code units (JS string indexes). */
export const HighlightedText = z.object({
  text: z.string(),
  highlights: z.array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })),
});
export type HighlightedText = z.infer<typeof HighlightedText>;

export const ConversationSearchHit = ConversationSummary.extend({
  /** Relevance, higher is better; comparable only within one response. */
  score: z.number(),
  /** The best-matching message, or null when only the title matched. */
  messageId: z.string().nullable(),
  /** A passage of that message (or the title) around the matches. */
  snippet: HighlightedText,
});
export type ConversationSearchHit = z.infer<typeof ConversationSearchHit>;

/** Best first. No cursor: a search answers with its top `limit` conversations. */
export const ConversationSearchResult = z.object({ data: z.array(ConversationSearchHit) });
export type ConversationSearchResult = z.infer<typeof ConversationSearchResult>;

/** `POST /api/v1/messages/{id}/feedback`: one rating per user per message; sending again replaces it. */
export const FeedbackRequest = z.object({
  rating: z.enum(['up', 'down']),
  comment: z.string().trim().max(2000).optional(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

export const FeedbackRecord = MessageFeedback.extend({ messageId: z.string() });
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

export const ExportQuery = z.object({
  format: z.enum(['json', 'md']).default('json').describe('json (re-importable) or md (Markdown for reading)'),
});

const isoTime = z.iso.datetime({ offset: true });

const ExportedMessage = z.object({
  /** Ignored on import (new ids are assigned). */
  id: z.string().max(128).optional(),
  role: MessageRecord.shape.role,
  content: z.string().max(1_000_000),
  model: z.string().max(256).nullable(),
  status: MessageRecord.shape.status,
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  latencyMs: z.number().int().nonnegative().nullable(),
  createdAt: isoTime,
  feedback: z.object({ rating: MessageFeedback.shape.rating, comment: z.string().max(2000).nullable() }).nullable(),
});

/**
 * `GET /api/v1/conversations/{id}/export?format=json`, and the body of `POST /api/v1/conversations/import`.
 * Importing creates a new conversation owned by the caller: new conversation and message ids,
 * everything else (title, messages in order, roles, models, statuses, token counts, latencies,
 * timestamps, the caller's feedback) kept, so export → import → export differs only in ids and exportedAt.
 */
export const ConversationExport = z.object({
  format: z.literal('churnistic.conversation'),
  version: z.literal(1),
  exportedAt: isoTime.optional(),
  conversation: z.object({
    id: z.string().max(128).optional(),
    title: z.string().trim().min(1).max(200),
    createdAt: isoTime,
    updatedAt: isoTime,
    messages: z.array(ExportedMessage).max(100_000),
  }),
});
export type ConversationExport = z.infer<typeof ConversationExport>;
