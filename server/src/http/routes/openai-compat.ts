import { Router, type RequestHandler, type Response } from 'express';
import { ChatCompletionRequest, type ModelList } from '../../../../protocol';
import type { Gateway } from '../../llm/gateway';
import { AbortedError } from '../../llm/upstream-errors';
import { clientAbortSignal } from '../client-abort';
import { errorBody, toAppError } from '../error-handler';
import { callMeta, formatMs, OVERHEAD_HEADER } from '../request-meta';
import { endWithDone, endWithError, sendEvent, startSse } from '../sse';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

const STARTED = Math.floor(Date.now() / 1000);

/**
 * res.json without what a POST answer does not need: no ETag (a hash of the body, only ever used by
 * GET and HEAD), and the body stays a string, so Node sends headers and body in one write.
 */
function sendJson(res: Response, body: unknown): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Which model answered, after any fallbacks (our model id). */
export const MODEL_HEADER = 'x-churnistic-model';

/** The last chunk of a stream that broke after it began: same id and model, finish_reason "error". */
const errorChunk = (last: { id: string; created: number; model: string } | undefined, model: string) => ({
  id: last?.id ?? 'chatcmpl-error',
  object: 'chat.completion.chunk',
  created: last?.created ?? Math.floor(Date.now() / 1000),
  model: last?.model ?? model,
  choices: [{ index: 0, delta: {}, finish_reason: 'error' }],
});

/**
 * OpenAI-compatible endpoints, so any OpenAI client, Continue or Cursor can use Churnistic as a
 * gateway. Mounted at /v1 and at /openai/v1 (where groq-sdk looks).
 */
export function openAiCompatRouter(gateway: Gateway, limit: RequestHandler): Router {
  const router = Router();

  router.get('/models', authorize('models.read'), (_req, res) => {
    const body: ModelList = {
      object: 'list',
      data: gateway.models.map((m) => ({ id: m.id, object: 'model', created: STARTED, owned_by: m.provider })),
    };
    res.json(body);
  });

  router.post('/chat/completions', authorize('chat.use'), limit, async (req, res) => {
    const body = parseOr400(ChatCompletionRequest, req.body);
    const signal = clientAbortSignal(req, res);
    const meta = callMeta(req, res, 'gateway');

    if (!body.stream) {
      const { completion, overheadMs, model } = await gateway.complete(body, signal, meta);
      res.setHeader(OVERHEAD_HEADER, formatMs(overheadMs));
      res.setHeader(MODEL_HEADER, model);
      sendJson(res, completion);
      return;
    }

    // Errors before the first chunk (after any retries and fallbacks) propagate as ordinary JSON errors.
    const call = await gateway.stream(body, signal, meta);
    res.setHeader(OVERHEAD_HEADER, formatMs(call.overheadBeforeUpstreamMs));
    res.setHeader(MODEL_HEADER, call.model);
    startSse(res);
    let failure: unknown;
    try {
      for await (const chunk of call.upstream.chunks()) sendEvent(res, chunk);
      endWithDone(res);
    } catch (err) {
      failure = signal.aborted ? new AbortedError() : err;
      if (!(failure instanceof AbortedError)) {
        const appError = toAppError(err);
        req.log.warn({ code: appError.code, msg: appError.message }, 'stream failed after it began');
        // OpenAI clients read finish_reason; the error event after it says why. No [DONE].
        sendEvent(res, errorChunk(call.upstream.last, call.model));
        endWithError(res, errorBody(appError, String(req.id)));
      }
    } finally {
      await call.finish({ error: failure });
    }
  });

  return router;
}
