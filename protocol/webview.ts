import * as z from 'zod';
import { CodeContext, ContextKind, ContextReport } from './chat';
import { HighlightedText } from './history';
import { ChatModel } from './templates';

const id = z.string().min(1).max(128);
const code = z.string().max(1_000_000);

/** Messages the chat webview sends to the extension. */
export const WebviewToExtension = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('ask'), text: z.string().trim().min(1).max(100_000) }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('removeContext'), index: z.number().int().nonnegative() }),
  /** A chip from the mention menu (`@file` opens a quick pick in the editor). */
  z.object({ type: z.literal('addContext'), kind: ContextKind }),
  /** Ask the question before this answer again; the answer and everything after it are replaced. */
  z.object({ type: z.literal('retry'), id }),
  /** Replace one of the user's questions with new text and ask again from there. */
  z.object({ type: z.literal('editResend'), id, text: z.string().trim().min(1).max(100_000) }),
  /** Thumbs up/down on an answer; null takes the rating back. */
  z.object({ type: z.literal('feedback'), id, rating: z.enum(['up', 'down']).nullable() }),
  /** The model picker; null goes back to the server's default. */
  z.object({ type: z.literal('selectModel'), model: z.string().min(1).max(256).nullable() }),
  z.object({ type: z.literal('copyCode'), code }),
  /** Insert a code block at the cursor of the last active editor. */
  z.object({ type: z.literal('insertCode'), code }),
  /** Show the change a code block would make as a diff, and make it only when the user accepts. */
  z.object({ type: z.literal('applyCode'), code, language: z.string().max(64).optional() }),
  z.object({ type: z.literal('listHistory'), cursor: z.string().max(512).optional() }),
  z.object({ type: z.literal('searchHistory'), query: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('openConversation'), id }),
  z.object({ type: z.literal('renameConversation'), id, title: z.string().trim().min(1).max(200) }),
  z.object({ type: z.literal('deleteConversation'), id }),
]);
export type WebviewToExtension = z.infer<typeof WebviewToExtension>;

export const ConnectionState = z.enum(['connected', 'signedOut', 'unreachable', 'checking']);
export type ConnectionState = z.infer<typeof ConnectionState>;

/**
 * One turn of the chat as the extension remembers it. Sent as a whole (`transcript`) when the
 * webview (re)loads: messages posted while a webview view is hidden are dropped by VS Code.
 */
export const TranscriptEntry = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  context: z.array(CodeContext).optional(),
  status: z.enum(['streaming', 'done', 'stopped', 'error']).optional(),
  error: z.string().optional(),
  model: z.string().optional(),
  /** How the server fitted the conversation into the model's window for this answer. */
  contextReport: ContextReport.optional(),
  /** The message's id on the server (feedback, retry and edit refer to it); absent until the server started. */
  serverId: z.string().optional(),
  feedback: z.enum(['up', 'down']).optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

export const SlashCommandInfo = z.object({
  name: z.string(),
  description: z.string(),
  source: z.enum(['builtin', 'workspace', 'team']),
});
export type SlashCommandInfo = z.infer<typeof SlashCommandInfo>;

export const ContextMeter = z.object({
  usedTokens: z.number().int().nonnegative(),
  contextWindow: z.number().int().positive(),
  /** Tokens kept for the answer: what the question may use is contextWindow - reserve. */
  reserve: z.number().int().nonnegative(),
  model: z.string(),
  /** estimate: counted in the editor before sending; server: the server's count of the last question. */
  source: z.enum(['estimate', 'server']),
});
export type ContextMeter = z.infer<typeof ContextMeter>;

export const HistoryItem = z.object({
  id: z.string(),
  title: z.string(),
  updatedAt: z.string(),
  messageCount: z.number().int().nonnegative(),
  /** Search results: the passage that matched. */
  snippet: HighlightedText.optional(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

/** A page of the history list or a search result. */
export const HistoryPage = z.object({
  query: z.string().optional(),
  items: z.array(HistoryItem),
  nextCursor: z.string().optional(),
  /** Added to the items shown (next page) rather than replacing them. */
  append: z.boolean().default(false),
  /** The server is out of reach: this came from the editor's local cache. */
  offline: z.boolean().default(false),
  error: z.string().optional(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/** Messages the extension sends to the chat webview. */
export const ExtensionToWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection'), state: ConnectionState, serverUrl: z.string() }),
  /** Code attached to the next question (shown as chips). */
  z.object({ type: z.literal('context'), items: z.array(CodeContext) }),
  z.object({ type: z.literal('userMessage'), id: z.string(), text: z.string(), context: z.array(CodeContext) }),
  z.object({ type: z.literal('answerStart'), id: z.string(), model: z.string().optional() }),
  z.object({ type: z.literal('answerContext'), id: z.string(), report: ContextReport }),
  z.object({ type: z.literal('answerDelta'), id: z.string(), text: z.string() }),
  z.object({ type: z.literal('answerEnd'), id: z.string(), finishReason: z.string() }),
  z.object({ type: z.literal('answerError'), id: z.string(), message: z.string() }),
  z.object({ type: z.literal('cleared') }),
  /** The whole conversation so far; replaces what the webview shows. */
  z.object({ type: z.literal('transcript'), entries: z.array(TranscriptEntry) }),
  /** The server's id and title of the conversation shown (null: a new chat not sent yet). */
  z.object({ type: z.literal('conversation'), id: z.string().nullable(), title: z.string().optional() }),
  z.object({ type: z.literal('models'), items: z.array(ChatModel), selected: z.string().nullable() }),
  z.object({ type: z.literal('slashCommands'), items: z.array(SlashCommandInfo) }),
  /** How much of the model's window the next question would use (estimated before sending, the server's count after). */
  z.object({ type: z.literal('meter'), meter: ContextMeter }),
  z.object({ type: z.literal('feedback'), id, rating: z.enum(['up', 'down']).nullable() }),
  z.object({ type: z.literal('history'), page: HistoryPage }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** Put text in the question box (a template tried from the palette, edit of an old question). */
  z.object({ type: z.literal('prefill'), text: z.string().max(100_000) }),
  z.object({ type: z.literal('showView'), view: z.enum(['chat', 'history']) }),
]);
export type ExtensionToWebview = z.infer<typeof ExtensionToWebview>;
