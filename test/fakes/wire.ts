/**
 * Groq / OpenAI chat-completions wire format: error bodies, the non-stream `chat.completion`
 * object and the SSE stream of `chat.completion.chunk`s, including the faults a script asks for.
 * Field shapes follow what api.groq.com sends (x_groq.id, x_groq.usage on the last chunk).
 */
import type { ServerResponse } from 'node:http';
import type { RequestLife } from './request-life';
import type { Answer, FakeScript } from './script';

/** Everything the writers need to know about one chat request. */
export interface ChatContext {
  id: string; // chatcmpl-…
  requestId: string; // Groq's x_groq.id / x-request-id
  model: string;
  created: number; // seconds
  includeUsage: boolean; // stream_options.include_usage
  script: FakeScript;
  answer: Answer;
}

const ERROR_KINDS: Record<number, { type: string; code: string; message: string }> = {
  400: { type: 'invalid_request_error', code: 'bad_request', message: 'Bad request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Invalid API Key' },
  403: { type: 'permission_error', code: 'permission_denied', message: 'Permission denied' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist' },
  413: { type: 'invalid_request_error', code: 'request_too_large', message: 'Request too large' },
  429: { type: 'tokens', code: 'rate_limit_exceeded', message: 'Rate limit reached (fake upstream)' },
  500: { type: 'internal_server_error', code: 'internal_server_error', message: 'Internal server error' },
  502: { type: 'internal_server_error', code: 'bad_gateway', message: 'Bad gateway' },
  503: { type: 'internal_server_error', code: 'service_unavailable', message: 'Service unavailable' },
};

/** `{"error":{"message","type","code"}}` — the body Groq and OpenAI send with 4xx/5xx. */
export function errorBody(status: number, message?: string, code?: string) {
  const kind = ERROR_KINDS[status] ?? {
    type: status >= 500 ? 'internal_server_error' : 'invalid_request_error',
    code: `http_${status}`,
    message: `HTTP ${status} (fake upstream)`,
  };
  return { error: { message: message ?? kind.message, type: kind.type, code: code ?? kind.code } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  status: number,
  opts: { message?: string; code?: string; retryAfter?: number; requestId?: string } = {},
): void {
  const headers: Record<string, string> = {};
  if (opts.retryAfter !== undefined) headers['retry-after'] = String(opts.retryAfter);
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  sendJson(res, status, errorBody(status, opts.message, opts.code), headers);
}

/** The non-stream answer. `fault: 'drop'` sends half of it and destroys the socket. */
export function writeCompletion(res: ServerResponse, ctx: ChatContext, destroy: () => void): void {
  const body = {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: 'fp_fake',
    choices: [
      { index: 0, message: { role: 'assistant', content: ctx.answer.text }, logprobs: null, finish_reason: 'stop' },
    ],
    usage: ctx.answer.usage,
    x_groq: { id: ctx.requestId },
  };
  const headers = { 'x-request-id': ctx.requestId };
  if (ctx.script.fault === 'malformed') {
    // Declared JSON, is not JSON: clients must report a malformed answer, not crash or hang.
    const junk = '{"id": "' + ctx.id + '", "choices": [ {not json';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(junk.length), ...headers });
    res.end(junk);
    return;
  }
  if (ctx.script.fault === 'drop') {
    // Promise the full length, deliver half, then cut the connection.
    const payload = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers });
    res.write(payload.slice(0, Math.floor(payload.length / 2)), () => destroy());
    return;
  }
  sendJson(res, 200, body, headers);
}

function chunk(ctx: ChatContext, delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) {
  return {
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  };
}

function sse(res: ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/**
 * The SSE answer. Headers go out at once (as Groq does); the first chunk waits
 * `firstTokenDelayMs`, later chunks `chunkDelayMs` apart. Stops quietly when the client leaves.
 */
export async function streamCompletion(
  res: ServerResponse,
  ctx: ChatContext,
  life: RequestLife,
  destroy: () => void,
): Promise<void> {
  const { script, answer } = ctx;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': ctx.requestId,
  });
  res.flushHeaders();
  if (!(await life.sleep(script.firstTokenDelayMs ?? 0))) return;

  sse(res, chunk(ctx, { role: 'assistant', content: '' }, null, { x_groq: { id: ctx.requestId } }));
  const dropAt = script.fault === 'drop' ? (script.dropAfterChunks ?? 2) : Infinity;
  for (let i = 0; i < answer.chunks.length; i++) {
    if (i >= dropAt) break;
    if (i > 0 && !(await life.sleep(script.chunkDelayMs ?? 0))) return;
    sse(res, chunk(ctx, { content: answer.chunks[i] }, null));
    if (script.fault === 'malformed' && i === 0) sse(res, '{"id":"' + ctx.id + '","choices":[{"delta":{"content":');
  }
  if (script.fault === 'malformed' && answer.chunks.length === 0) sse(res, '{"choices":[{not json');

  if (script.fault === 'drop') {
    // Let the written chunks reach the client, then cut the connection without finish or [DONE].
    if (!(await life.sleep(script.chunkDelayMs ?? 0))) return;
    res.write('', () => destroy());
    return;
  }
  if (!(await life.sleep(script.chunkDelayMs ?? 0))) return;
  sse(res, chunk(ctx, {}, 'stop', { x_groq: { id: ctx.requestId, usage: answer.usage } }));
  if (ctx.includeUsage) {
    sse(res, { id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, choices: [], usage: answer.usage });
  }
  sse(res, '[DONE]');
  res.end();
}
