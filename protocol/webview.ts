import * as z from 'zod';
import { CodeContext, ContextReport } from './chat';

/** Messages the chat webview sends to the extension. */
export const WebviewToExtension = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('ask'), text: z.string().trim().min(1).max(100_000) }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('removeContext'), index: z.number().int().nonnegative() }),
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
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

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
]);
export type ExtensionToWebview = z.infer<typeof ExtensionToWebview>;
