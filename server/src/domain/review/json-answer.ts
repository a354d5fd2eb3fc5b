// One JSON answer from the model, validated by a zod schema, with exactly one repair attempt.
// Models often wrap JSON in a code fence, miscount a field or stop early; telling them what was
// wrong (with their own answer as the assistant turn) fixes most of that in one more call, and a
// second failure is reported as the upstream's fault (502) rather than guessed around.
import type * as z from 'zod';
import { ErrorCode, type OpenAIMessage } from '../../../../protocol';
import type { CallMeta, Gateway } from '../../llm/gateway';
import { AppError } from '../errors';

/**
 * protocol/errors.ts has no code for "the model answered, but not in the shape asked for"; the
 * closest existing one is `upstream_error` (502: a malformed answer from upstream, per DESIGN.md).
 * One constant, so a dedicated `bad_model_output` code is a one-line change once the protocol has it.
 */
export const BAD_MODEL_OUTPUT = ErrorCode.badModelOutput;

export interface JsonAsk<S extends z.ZodType> {
  /** The model asked for (the head of the fallback chain the gateway walks). */
  model: string;
  messages: OpenAIMessage[];
  schema: S;
  /** Send `response_format: json_object` (only for models whose config says `jsonMode`). */
  jsonMode: boolean;
  maxTokens: number;
  temperature: number;
  /** For the error message: "review", "commit-message". */
  what: string;
}

export interface JsonAnswer<T> {
  value: T;
  attempts: 1 | 2;
  /** The model that answered the last attempt (a fallback may have changed it). */
  model: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Calls the model (through the gateway: retries, fallbacks, limits' accounting, usage rows) and validates. */
export async function askForJson<S extends z.ZodType>(gateway: Gateway, ask: JsonAsk<S>, signal: AbortSignal, meta: CallMeta):
  Promise<JsonAnswer<z.infer<S>>> {
  const messages = [...ask.messages];
  let problems: string[] = [];
  for (const attempt of [1, 2] as const) {
    const { completion, model } = await gateway.complete({
      model: ask.model,
      messages,
      temperature: ask.temperature,
      max_tokens: ask.maxTokens,
      ...(ask.jsonMode ? { response_format: { type: 'json_object' } } : {}),
    }, signal, meta);
    const choice = completion.choices?.[0];
    const text = choice?.message?.content ?? '';
    const checked = check(ask.schema, text, choice?.finish_reason ?? null);
    if (checked.ok) return { value: checked.value, attempts: attempt, model };
    problems = checked.problems;
    // The follow-up: the model sees its own answer and exactly what was wrong with it.
    messages.push({ role: 'assistant', content: text });
    messages.push({ role: 'user', content: repairRequest(problems) });
  }
  throw new AppError(502, BAD_MODEL_OUTPUT,
    `the model's ${ask.what} answer was not valid after 2 attempts: ${problems.slice(0, 5).join('; ')}`);
}

export function repairRequest(problems: string[]): string {
  return [
    'Your answer could not be used. Problems found:',
    ...problems.slice(0, 20).map((p) => `- ${p}`),
    'Answer again with only the corrected JSON object, in exactly the shape described before: no prose, no code fence.',
  ].join('\n');
}

/** Parses (tolerating a ```json fence or prose around the object) and validates. */
export function check<S extends z.ZodType>(schema: S, text: string, finishReason: string | null): Checked<z.infer<S>> {
  const truncated = finishReason === 'length' ? ' (the answer was cut off at the token limit: keep it shorter)' : '';
  if (!text.trim()) return { ok: false, problems: [`the answer was empty${truncated}`] };
  const data = parseJson(text);
  if (!data.ok) return { ok: false, problems: [`the answer is not valid JSON: ${data.error}${truncated}`] };
  const parsed = schema.safeParse(data.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/**
 * The answer as JSON; failing that, the JSON inside a code fence, or from the first `{` to the
 * last `}` (prose around the object). The error reported is the one for the answer as given.
 */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n\s*```/.exec(text)?.[1];
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  const braces = start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
  let error = '';
  for (const candidate of [text.trim(), fenced, braces]) {
    if (candidate === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (err) {
      error ||= (err as Error).message;
    }
  }
  return { ok: false, error };
}
