/**
 * One chat-completions request: pick the script (inline marker → queue → default), then answer
 * with an error status, a hang, a JSON completion or an SSE stream, as the script says.
 */
import type { ServerResponse } from 'node:http';
import type { RequestLife } from './request-life';
import { buildAnswer, extractInlineScript, type FakeScript } from './script';
import { sendError, streamCompletion, writeCompletion, type ChatContext } from './wire';

export interface ChatDeps {
  /** The responder's script, the next queued one, or the default one. Only called when there is no inline script. */
  takeScript(body: unknown): FakeScript;
  /** A fresh sequence number for ids (deterministic per fake instance). */
  nextSeq(): number;
}

export async function handleChat(
  res: ServerResponse,
  body: unknown,
  life: RequestLife,
  deps: ChatDeps,
  destroy: () => void,
): Promise<void> {
  // Light request validation, with Groq-like messages: enough to catch a broken client.
  const request = body as { model?: unknown; messages?: unknown; stream?: unknown; stream_options?: unknown } | null;
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    return sendError(res, 400, { message: 'request body must be a JSON object', code: 'invalid_request' });
  }
  if (typeof request.model !== 'string' || request.model === '') {
    return sendError(res, 400, { message: "'model' : property 'model' is missing", code: 'invalid_request' });
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    return sendError(res, 400, { message: "'messages' : property 'messages' is missing or empty", code: 'invalid_request' });
  }

  let script: FakeScript;
  try {
    // An inline `[[fake:…]]` script wins and leaves the queue untouched.
    script = extractInlineScript(body) ?? deps.takeScript(body);
  } catch (err) {
    return sendError(res, 400, { message: (err as Error).message, code: 'invalid_fake_script' });
  }

  const seq = deps.nextSeq();
  const ctx: ChatContext = {
    id: `chatcmpl-fake-${String(seq).padStart(6, '0')}`,
    requestId: `req_fake_${String(seq).padStart(6, '0')}`,
    model: request.model,
    created: Math.floor(Date.now() / 1000),
    includeUsage: (request.stream_options as { include_usage?: unknown } | null)?.include_usage === true,
    script,
    answer: buildAnswer(script, body),
  };

  if (script.fault === 'hang') {
    // Accept and say nothing; RequestLife wakes us when the client (or close()) ends it.
    await life.untilEnd();
    return;
  }
  if (script.status !== undefined && script.status >= 400) {
    if (!(await life.sleep(script.firstTokenDelayMs ?? 0))) return;
    return sendError(res, script.status, {
      message: script.errorMessage,
      retryAfter: script.retryAfter,
      requestId: ctx.requestId,
    });
  }
  if (request.stream === true) {
    await streamCompletion(res, ctx, life, destroy);
    return;
  }
  if (!(await life.sleep(script.firstTokenDelayMs ?? 0))) return;
  writeCompletion(res, ctx, destroy);
}
