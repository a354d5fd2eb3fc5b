import type { RequestHandler } from 'express';
import { refusalError, type Limits } from '../domain/limits/limits';
import type { LimitTask } from '../domain/limits/policy';
import { principalOf } from './auth';

/**
 * Admits a request against the caller's token, user and team limits for one task. Every answer
 * carries the `x-ratelimit-*` headers Groq and OpenAI send; a refusal is a 429 with Retry-After
 * and a message naming the limit ("team chat tokens per day").
 */
export function rateLimit(limits: Limits, task: LimitTask): RequestHandler {
  return async (_req, res, next) => {
    const admission = await limits.admit(principalOf(res), task);
    for (const name in admission.headers) res.setHeader(name, admission.headers[name]!);
    if (admission.refusal) throw refusalError(admission.refusal);
    next();
  };
}
