import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import {
  InlineCompletionRequest, InlineEventBatch, type InlineCompletionResponse, type InlineConfig,
} from '../../../../protocol';
import type { InlineEventsRepo } from '../../data/inline-events-repo';
import { AppError } from '../../domain/errors';
import type { Gateway } from '../../llm/gateway';
import { principalOf } from '../auth';
import { clientAbortSignal } from '../client-abort';
import { callMeta, formatMs, OVERHEAD_HEADER } from '../request-meta';
import { MODEL_HEADER } from './openai-compat';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

/** Inline prompts stay small: latency matters more than context on the typing path. */
const MAX_PROMPT_TOKENS = 2048;
const MAX_COMPLETION_TOKENS = 256;

export interface InlineRouteDeps {
  gateway: Gateway;
  events: InlineEventsRepo;
  /** The inline task's rate limit (http/rate-limit.ts): a budget apart from chat's. */
  limit: RequestHandler;
}

/** Inline completions: their own model routing and their own rate budget, apart from chat. */
export function inlineRouter({ gateway, events, limit }: InlineRouteDeps): Router {
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

  router.get('/completions/inline/config', authorize('inline.use'), (_req, res) => {
    res.json(configFor(gateway.defaultModel('inline')));
  });

  router.post('/completions/inline', authorize('inline.use'), limit, async (req, res) => {
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
    // `answeredBy`: the model that answered, which a fallback may have changed.
    let answer: { text: string; finishReason: string; overheadMs: number; answeredBy: string };
    if (request.prompt.kind === 'fim') {
      const { result, overheadMs, model: answeredBy } = await gateway.fim({ ...common, prompt: request.prompt.prompt, suffix: request.prompt.suffix }, signal, meta);
      answer = { text: result.text, finishReason: result.finishReason, overheadMs, answeredBy };
    } else {
      const { completion, overheadMs, model: answeredBy } = await gateway.complete({ ...common, messages: request.prompt.messages }, signal, meta);
      const choice = completion.choices?.[0];
      answer = { text: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? 'stop', overheadMs, answeredBy };
    }
    const body: InlineCompletionResponse = { id: randomUUID(), completion: answer.text, model: answer.answeredBy, finishReason: answer.finishReason };
    res.setHeader(OVERHEAD_HEADER, formatMs(answer.overheadMs));
    res.setHeader(MODEL_HEADER, answer.answeredBy);
    res.json(body);
  });

  router.post('/completions/events', authorize('inline.use'), async (req, res) => {
    const batch = parseOr400(InlineEventBatch, req.body);
    await events.record(principalOf(res), batch.events);
    res.status(202).json({ accepted: batch.events.length });
  });

  router.get('/completions/stats', authorize('usage.read_own'), async (_req, res) => {
    res.json(await events.statsForUser(principalOf(res).userId));
  });

  return router;
}
