import * as z from 'zod';
import type { CommitMessageRequest, CommitMessageResponse, OpenAIMessage } from '../../../../protocol';
import type { CallMeta, Gateway } from '../../llm/gateway';
import { TokenCounters } from '../context-window/counter';
import { fitDiff } from './diff-fit';
import { askForJson } from './json-answer';
import { modelBudget, promptTokens } from './model-budget';

export const SUBJECT_MAX = 72;
/** Room for the answer: a subject and a short body. */
export const COMMIT_ANSWER_TOKENS = 1024;
/**
 * The diff gets at most this many tokens even with a larger window: a commit message does not get
 * better past it, and the request stays within the per-minute token limits of ordinary plans.
 */
export const COMMIT_DIFF_MAX_TOKENS = 12_000;

/** Trimmed; wrapping quotes, a "Subject:" label and trailing periods removed (the usual slips). */
export function cleanSubject(s: string): string {
  return s.trim().replace(/^subject:\s*/i, '').replace(/^["'`]+|["'`]+$/g, '').trim().replace(/\.+$/, '').trim();
}

/** The model's answer. Imperative mood is asked for, not checked: grammar is not ours to enforce. */
export const CommitAnswer = z.object({
  subject: z.string().transform(cleanSubject).superRefine((s, ctx) => {
    if (!s) ctx.addIssue({ code: 'custom', message: 'subject must not be empty' });
    else if (s.includes('\n')) ctx.addIssue({ code: 'custom', message: 'subject must be a single line; put details in body' });
    else if (s.length > SUBJECT_MAX) {
      ctx.addIssue({ code: 'custom', message: `subject is ${s.length} characters; at most ${SUBJECT_MAX} allowed: shorten it and move details to body` });
    }
  }),
  body: z.preprocess((v) => v ?? '', z.string()).transform((b) => b.trim()).pipe(z.string().max(5_000, 'body is longer than 5000 characters')),
});

const SYSTEM = [
  'You are Churnistic. You write git commit messages for the change shown.',
  `"subject": one line in the imperative mood ("Add", "Fix", "Remove", not "Added" or "Adds"), at most ${SUBJECT_MAX} characters, `
    + 'no trailing period, summarising the whole change.',
  '"body": what changed and why (not how), wrapped at 72 characters; bullet points are fine; an empty string when the subject says it all.',
  'When recent subjects are given, follow their style (prefixes such as "feat:" or "area: ", capitalisation), never their content.',
  'Parts of the diff may have been left out to fit; notes in square brackets say where. Describe the whole change anyway.',
  'Answer with a single JSON object and nothing else (no prose, no code fence), exactly: {"subject": "<subject>", "body": "<body>"}',
].join('\n\n');

function userMessage(diff: string, recentSubjects: string[]): string {
  const style = recentSubjects.length
    ? `Recent commit subjects in this repository (for style only):\n${recentSubjects.map((s) => `- ${s}`).join('\n')}\n\n`
    : '';
  return `${style}The diff:\n<<<\n${diff}\n>>>\n\nAnswer with the JSON object only.`;
}

/** `POST /api/v1/commit-message`: on the `review` route (its models, limits and usage task). */
export class CommitMessageService {
  constructor(private readonly gateway: Gateway, private readonly counters: TokenCounters = new TokenCounters()) {}

  async run(request: CommitMessageRequest, meta: CallMeta, signal: AbortSignal): Promise<CommitMessageResponse> {
    const model = request.model ?? this.gateway.defaultModel('review');
    const subjects = (request.recentSubjects ?? []).map((s) => s.trim()).filter(Boolean);
    const budget = modelBudget(this.gateway, this.counters, model, COMMIT_ANSWER_TOKENS);
    const frame: OpenAIMessage[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: userMessage('', subjects) }];
    const room = Math.min(COMMIT_DIFF_MAX_TOKENS, budget.promptTokens - promptTokens(budget.counter, frame));
    const fitted = fitDiff(request.diff, Math.max(0, room), (t) => budget.counter.count(t));
    const messages: OpenAIMessage[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: userMessage(fitted.text, subjects) }];
    const answer = await askForJson(this.gateway, {
      model, messages, schema: CommitAnswer, jsonMode: budget.jsonMode,
      maxTokens: budget.answerTokens, temperature: 0.2, what: 'commit-message',
    }, signal, meta);
    const { subject, body } = answer.value;
    return { subject, body, message: body ? `${subject}\n\n${body}` : subject, model: answer.model };
  }
}
