import { ErrorCode, type ReviewRequest, type ReviewResponse } from '../../../../protocol';
import type { CallMeta, Gateway } from '../../llm/gateway';
import { TokenCounters } from '../context-window/counter';
import { AppError, badRequest } from '../errors';
import { askForJson } from './json-answer';
import { modelBudget, promptTokens } from './model-budget';
import { placeFindings } from './placement';
import { RawReviewAnswer } from './raw-finding';
import { reviewMessages } from './review-prompt';

/** Room for the findings: dozens of findings with fixes fit; more is a sign the piece was too big. */
export const REVIEW_ANSWER_TOKENS = 8192;

/**
 * One model review of the files sent (`POST /api/v1/review`): prompt, one non-streamed call on the
 * `review` route (its models, its limits, its usage rows), validated JSON, findings placed on real
 * lines. Knows nothing about HTTP.
 */
export class ReviewService {
  constructor(private readonly gateway: Gateway, private readonly counters: TokenCounters = new TokenCounters()) {}

  async run(request: ReviewRequest, meta: CallMeta, signal: AbortSignal): Promise<ReviewResponse> {
    const blank = request.files.findIndex((f) => !f.content.trim());
    if (blank >= 0) throw badRequest(`files.${blank}.content: ${request.files[blank]!.path} is empty; send code to review`);
    const model = request.model ?? this.gateway.defaultModel('review');
    const messages = reviewMessages(request);
    const budget = modelBudget(this.gateway, this.counters, model, REVIEW_ANSWER_TOKENS);
    // Never cut code silently from a review: the client chunks large files (core/review/chunk.ts),
    // so a prompt over the window is refused with the numbers it needs to chunk smaller.
    const used = promptTokens(budget.counter, messages);
    if (used > budget.promptTokens) {
      throw new AppError(400, ErrorCode.contextLengthExceeded,
        `the files sent are about ${used} tokens; ${model} takes at most ${budget.promptTokens} for a review `
        + `(context window ${budget.contextWindow}, ${budget.answerTokens} kept for the answer): send fewer or smaller pieces`);
    }
    const answer = await askForJson(this.gateway, {
      model, messages, schema: RawReviewAnswer, jsonMode: budget.jsonMode,
      maxTokens: budget.answerTokens, temperature: 0.1, what: 'review',
    }, signal, meta);
    const { findings, discarded } = placeFindings(answer.value.findings, request.files);
    return { findings, model: answer.model, attempts: answer.attempts, discarded };
  }
}
