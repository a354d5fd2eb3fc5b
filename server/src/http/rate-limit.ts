import type { RequestHandler } from 'express';
import { ErrorCode } from '../../../protocol';
import { AppError } from '../domain/errors';
import type { BudgetedTask, RateBudget, RateLimiter } from '../domain/rate-limit';
import { principalOf } from './auth';

/**
 * Admits a request against the caller's budget for one task, with the `x-ratelimit-*` headers
 * Groq and OpenAI send, and 429 + Retry-After when the budget is spent.
 */
export function rateLimit(limiter: RateLimiter, task: BudgetedTask, budget: RateBudget): RequestHandler {
  return async (_req, res, next) => {
    const decision = await limiter.consume(`${task}:user:${principalOf(res).userId}`, budget);
    res.setHeader('x-ratelimit-limit-requests', String(decision.limit));
    res.setHeader('x-ratelimit-remaining-requests', String(decision.remaining));
    res.setHeader('x-ratelimit-reset-requests', `${decision.resetSeconds}s`);
    if (!decision.allowed) {
      throw new AppError(429, ErrorCode.rateLimited,
        `${task} rate limit reached (${budget.requests} requests per ${budget.windowMs / 1000}s); retry in ${decision.retryAfterSeconds}s`,
        { retryAfterSeconds: decision.retryAfterSeconds });
    }
    next();
  };
}
