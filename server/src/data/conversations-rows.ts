import type { Row } from '@libsql/client';
import type { ConversationMessage, ConversationSummary, MessageRecord } from '../../../protocol';

/** Whose history a call works on. Every query is scoped by userId: another user's rows are "not found". */
export interface Owner { userId: string; teamId: string }

/** Summary columns of `conversations c` (message_count is kept by triggers, so no COUNT(*) per row). */
export const SUMMARY_COLUMNS = 'c.id, c.title, c.created_at, c.updated_at, c.message_count';

export const toSummary = (r: Row): ConversationSummary => ({
  id: String(r.id),
  title: String(r.title),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  messageCount: Number(r.message_count),
});

const intOrNull = (v: unknown) => (v == null ? null : Number(v));

export const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.role, m.content, m.model, m.status,
  m.prompt_tokens, m.completion_tokens, m.latency_ms, m.created_at`;

export const toMessage = (r: Row): MessageRecord => ({
  id: String(r.id),
  conversationId: String(r.conversation_id),
  role: String(r.role) as MessageRecord['role'],
  content: String(r.content),
  model: r.model == null ? null : String(r.model),
  status: String(r.status) as MessageRecord['status'],
  promptTokens: intOrNull(r.prompt_tokens),
  completionTokens: intOrNull(r.completion_tokens),
  createdAt: String(r.created_at),
});

/** A message joined with the caller's feedback (columns feedback_rating, feedback_comment, feedback_at). */
export const toConversationMessage = (r: Row): ConversationMessage => ({
  ...toMessage(r),
  latencyMs: intOrNull(r.latency_ms),
  feedback: r.feedback_rating == null ? null : {
    rating: String(r.feedback_rating) as 'up' | 'down',
    comment: r.feedback_comment == null ? null : String(r.feedback_comment),
    updatedAt: String(r.feedback_at),
  },
});
