import type { ChatRequest, CodeContext, MessageRecord, OpenAIMessage } from '../../../protocol';

export const SYSTEM_PROMPT = [
  'You are Churnistic, an AI coding assistant inside the user\'s editor.',
  'Answer precisely and concisely. Use Markdown; put code in fenced blocks with a language tag.',
  'When the user attaches code, refer to it by file name and line numbers.',
].join(' ');

/** Attached code as a fenced block the model can cite by file and line. */
export function formatContext(c: CodeContext): string {
  const where = c.startLine !== undefined ? `${c.fileName} (from line ${c.startLine + 1})` : c.fileName;
  const fence = c.code.includes('```') ? '~~~~' : '```';
  return `${where}:\n${fence}${c.language}\n${c.code}\n${fence}`;
}

export function userTurn(request: ChatRequest): string {
  const context = request.context ?? [];
  if (!context.length) return request.message;
  return `${context.map(formatContext).join('\n\n')}\n\n${request.message}`;
}

/**
 * The stored turns worth sending again: questions, and answers that have text (a stopped answer
 * keeps its partial text so a follow-up can refer to it; a failed empty one is skipped).
 */
export function previousMessages(history: MessageRecord[]): OpenAIMessage[] {
  return history
    .filter((m) => m.role !== 'system' && (m.role === 'user' || m.status === 'complete' || m.content.length > 0))
    .map((m) => ({ role: m.role, content: m.content }));
}

/**
 * The whole message list, before any fitting: system prompt, the turns so far, the new turn.
 * ChatService sends `fitConversation`'s version of it (context-window/fit.ts).
 */
export function buildMessages(history: MessageRecord[], request: ChatRequest): OpenAIMessage[] {
  return [{ role: 'system', content: SYSTEM_PROMPT }, ...previousMessages(history), { role: 'user', content: userTurn(request) }];
}

/** A short title from the first question, for the history list. */
export function titleFrom(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line || 'New chat';
}
