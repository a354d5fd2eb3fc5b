import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  InlineCompletionRequest, InlineEventBatch, type InlineCompletionResponse, type InlineConfig,
} from '../../../../protocol';
import type { InlineEventsRepo } from '../../data/inline-events-repo';
import { AppError } from '../../domain/errors';
import type { RateBudget, RateLimiter } from '../../domain/rate-limit';
import type { Gateway } from '../../llm/gateway';
import { principalOf } from '../auth';
import { clientAbortSignal } from '../client-abort';
import { rateLimit } from '../rate-limit';
import { callMeta, formatMs, OVERHEAD_HEADER } from '../request-meta';
import { parseOr400 } from '../validate';

/** Inline prompts stay small: latency matters more than context on the typing path. */
const MAX_PROMPT_TOKENS = 2048;
const MAX_COMPLETION_TOKENS = 256;

export interface InlineRouteDeps {
  gateway: Gateway;
  events: InlineEventsRepo;
  limiter: RateLimiter;
  budget: RateBudget;
}

/** Inline completions: their own model routing and their own rate budget, apart from chat. */
export function inlineRouter({ gateway, events, limiter, budget }: InlineRouteDeps): Router {
  const router = Router();

  const configFor = (modelId: string): InlineConfig => {
    const entry = gateway.model(modelId);
    return {
      model: modelId,
      promptStyle: entry?.fim ? 'fim' : 'chat',
      maxPromptTokens: Math.min(MAX_PROMPT_TOKENS, entry?.contextWindow ?? MAX_PROMPT_TOKENS),
      maxCompletionTokens: MAX_COMPLETION_TOKENS,
    };
  };

  router.get('/completions/inline/config', (_req, res) => {
    res.json(configFor(gateway.defaultModel('inline')));
  });

  router.post('/completions/inline', rateLimit(limiter, 'inline', budget), async (req, res) => {
    const request = parseOr400(InlineCompletionRequest, req.body);
    const model = request.model ?? gateway.defaultModel('inline');
    const style = configFor(model).promptStyle;
    if (request.prompt.kind !== style) {
      throw new AppError(400, 'prompt_style_mismatch',
        `model ${model} takes ${style} prompts, not ${request.prompt.kind}; fetch /api/v1/completions/inline/config again`);
    }
    const signal = clientAbortSignal(req, res);
    const meta = callMeta(req, res, 'inline');
    const common = {
      model,
      max_tokens: Math.min(request.maxTokens ?? MAX_COMPLETION_TOKENS, MAX_COMPLETION_TOKENS),
      temperature: 0.1,
      ...(request.stop?.length ? { stop: request.stop } : {}),
    };
    let answer: { text: string; finishReason: string; overheadMs: number };
    if (request.prompt.kind === 'fim') {
      const { result, overheadMs } = await gateway.fim({ ...common, prompt: request.prompt.prompt, suffix: request.prompt.suffix }, signal, meta);
      answer = { text: result.text, finishReason: result.finishReason, overheadMs };
    } else {
      const { completion, overheadMs } = await gateway.complete({ ...common, messages: request.prompt.messages }, signal, meta);
      const choice = completion.choices?.[0];
      answer = { text: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? 'stop', overheadMs };
    }
    const body: InlineCompletionResponse = { id: randomUUID(), completion: answer.text, model, finishReason: answer.finishReason };
    res.setHeader(OVERHEAD_HEADER, formatMs(answer.overheadMs));
    res.json(body);
  });

  router.post('/completions/events', async (req, res) => {
    const batch = parseOr400(InlineEventBatch, req.body);
    await events.record(principalOf(res), batch.events);
    res.status(202).json({ accepted: batch.events.length });
  });

  router.get('/completions/stats', async (_req, res) => {
    res.json(await events.statsForUser(principalOf(res).userId));
  });

  return router;
}
