import { Router, type RequestHandler } from 'express';
import { ChatRequest } from '../../../../protocol';
import type { ChatService } from '../../domain/chat-service';
import { AbortedError } from '../../llm/upstream-errors';
import { clientAbortSignal } from '../client-abort';
import { toAppError } from '../error-handler';
import { callMeta } from '../request-meta';
import { endWithDone, endWithError, sendEvent, startSse } from '../sse';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

/** The chat panel's turn: one question, the answer streamed as SSE. The history is routes/conversations.ts. */
export function chatRouter(chat: ChatService, limit: RequestHandler): Router {
  const router = Router();

  router.post('/chat', authorize('chat.use'), limit, async (req, res) => {
    const request = parseOr400(ChatRequest, req.body);
    const signal = clientAbortSignal(req, res);
    let started = false;
    try {
      await chat.run(request, callMeta(req, res, 'chat'), signal, (event) => {
        if (!started) {
          startSse(res);
          started = true;
        }
        sendEvent(res, event);
      });
      endWithDone(res);
    } catch (err) {
      if (!started) throw err; // nothing sent yet: the error handler answers with JSON
      if (err instanceof AbortedError) return;
      const appError = toAppError(err);
      req.log.warn({ code: appError.code, msg: appError.message }, 'chat stream failed after it began');
      endWithError(res, { type: 'error', code: appError.code, message: appError.message });
    }
  });

  return router;
}
