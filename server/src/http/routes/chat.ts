import { Router, type RequestHandler } from 'express';
import { ChatRequest, ConversationList, ListConversationsQuery } from '../../../../protocol';
import { ConversationsRepo, InvalidCursorError } from '../../data/conversations-repo';
import type { ChatService } from '../../domain/chat-service';
import { badRequest, notFound } from '../../domain/errors';
import { AbortedError } from '../../llm/upstream-errors';
import { principalOf } from '../auth';
import { clientAbortSignal } from '../client-abort';
import { toAppError } from '../error-handler';
import { callMeta } from '../request-meta';
import { endWithDone, endWithError, sendEvent, startSse } from '../sse';
import { parseOr400 } from '../validate';

/** The chat panel's API: one streamed turn, and the stored conversations. */
export function chatRouter(chat: ChatService, conversations: ConversationsRepo, limit: RequestHandler): Router {
  const router = Router();

  router.post('/chat', limit, async (req, res) => {
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

  router.get('/conversations', async (req, res) => {
    const query = parseOr400(ListConversationsQuery, req.query, 'query');
    try {
      const page: ConversationList = await conversations.list(principalOf(res), query.limit, query.cursor);
      res.json(page);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw badRequest(err.message);
      throw err;
    }
  });

  router.get('/conversations/:id', async (req, res) => {
    const conversation = await conversations.get(principalOf(res), req.params.id);
    if (!conversation) throw notFound('conversation');
    res.json(conversation);
  });

  return router;
}
