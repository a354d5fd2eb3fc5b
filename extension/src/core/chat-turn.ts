// One answer being streamed: reads the server's ChatEvents into the transcript entries and tells
// the webview about each step. Split from ChatSession so the session keeps the conversation rules
// (retry, edit, history) and this keeps the wire rules (start/context/delta/done/error, abort).
import type { ChatEvent, ChatRequest, ExtensionToWebview, TranscriptEntry } from '../../../protocol';
import { ChurnisticError, UnauthorizedError, isAbortError } from './errors';
import type { Logger } from './logger';

export interface TurnHooks {
  post(message: ExtensionToWebview): void;
  /** The server stored the question and started the answer. */
  started(conversationId: string): void;
  onUnauthorized?: () => void;
}

export async function streamTurn(
  events: AsyncIterable<ChatEvent>,
  question: TranscriptEntry,
  answer: TranscriptEntry,
  signal: AbortSignal,
  hooks: TurnHooks,
  logger: Logger,
): Promise<void> {
  const started = Date.now();
  const fail = (message: string) => {
    answer.status = 'error';
    answer.error = message;
    hooks.post({ type: 'answerError', id: answer.id, message });
  };
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          answer.model = event.model;
          answer.serverId = event.messageId;
          if (event.userMessageId) question.serverId = event.userMessageId;
          hooks.started(event.conversationId);
          hooks.post({ type: 'answerStart', id: answer.id, model: event.model });
          break;
        case 'context': {
          const { type: _, ...report } = event;
          answer.contextReport = report;
          hooks.post({ type: 'answerContext', id: answer.id, report });
          if (report.dropped.messages || report.truncated.length) {
            logger.info(`chat: ${report.dropped.messages} earlier message(s) left out, ${report.truncated.length} attachment(s) shortened to fit ${report.contextWindow} tokens`);
          }
          break;
        }
        case 'delta':
          answer.text += event.text;
          hooks.post({ type: 'answerDelta', id: answer.id, text: event.text });
          break;
        case 'done':
          answer.status = 'done';
          hooks.post({ type: 'answerEnd', id: answer.id, finishReason: event.finishReason });
          logger.info(`chat: answer done (${event.finishReason}) in ${Date.now() - started} ms`);
          break;
        case 'error':
          fail(`${event.message} (${event.code})`);
          logger.warn(`chat: server reported ${event.code}: ${event.message}`);
          break;
      }
    }
  } catch (e) {
    if (answer.status !== 'streaming') return; // already ended (done/error) before the connection went
    if (isAbortError(e) || signal.aborted) {
      answer.status = 'stopped';
      hooks.post({ type: 'answerEnd', id: answer.id, finishReason: 'stopped' });
      logger.info('chat: stopped by the user');
      return;
    }
    if (e instanceof UnauthorizedError) {
      fail(`${e.message}. Sign in with "Churnistic: Sign In".`);
      hooks.onUnauthorized?.();
    } else {
      fail(e instanceof ChurnisticError ? e.message : `Unexpected error: ${String(e)}`);
    }
    logger.error(e instanceof Error ? e : String(e));
    return;
  }
  if (answer.status === 'streaming') {
    // the server closed without done or error: never show a cut answer as finished
    fail('The answer ended unexpectedly. Retry to ask again.');
  }
}

/** The request for one turn: only the fields that are set. */
export function chatRequest(fields: ChatRequest): ChatRequest {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) as ChatRequest;
}
