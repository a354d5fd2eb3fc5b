import { Router, type RequestHandler } from 'express';
import { CommitMessageRequest, ReviewRequest } from '../../../../protocol';
import { TokenCounters } from '../../domain/context-window/counter';
import { CommitMessageService } from '../../domain/review/commit-message';
import { ReviewService } from '../../domain/review/review-service';
import type { Gateway } from '../../llm/gateway';
import { clientAbortSignal } from '../client-abort';
import { callMeta } from '../request-meta';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

/**
 * Model reviews and commit messages: one non-streamed JSON answer each, on the `review` task
 * (its model route, its rate limits, usage rows with task `review`).
 */
export function reviewRouter(gateway: Gateway, limit: RequestHandler): Router {
  const router = Router();
  const counters = new TokenCounters(); // one set of tokenizer tables for both services
  const reviews = new ReviewService(gateway, counters);
  const commits = new CommitMessageService(gateway, counters);

  router.post('/review', authorize('review.use'), limit, async (req, res) => {
    const request = parseOr400(ReviewRequest, req.body);
    res.json(await reviews.run(request, callMeta(req, res, 'review'), clientAbortSignal(req, res)));
  });

  router.post('/commit-message', authorize('review.use'), limit, async (req, res) => {
    const request = parseOr400(CommitMessageRequest, req.body);
    res.json(await commits.run(request, callMeta(req, res, 'review'), clientAbortSignal(req, res)));
  });

  return router;
}
