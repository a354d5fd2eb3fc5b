/**
 * The legacy `/v1/completions` endpoint with `suffix`: the fill-in-the-middle API of OpenAI-compatible
 * servers (vLLM, Ollama, DeepSeek, Mistral …). Non-streamed; scripts apply as for chat (status,
 * Retry-After, hang, first-token delay, text). Default answer: `FIM` plus the prompt's last line.
 */
import type { ServerResponse } from 'node:http';
import type { RequestLife } from './request-life';
import { estimateTokens, type FakeScript } from './script';
import { sendError, sendJson } from './wire';

export async function handleFim(res: ServerResponse, body: unknown, life: RequestLife, script: FakeScript, seq: number): Promise<void> {
  const request = body as { model?: unknown; prompt?: unknown; suffix?: unknown } | null;
  if (!request || typeof request.model !== 'string' || typeof request.prompt !== 'string') {
    return sendError(res, 400, { message: "'model' and 'prompt' (a string) are required", code: 'invalid_request' });
  }
  if (script.fault === 'hang') {
    await life.untilEnd();
    return;
  }
  if (!(await life.sleep(script.firstTokenDelayMs ?? 0))) return;
  if (script.status !== undefined && script.status >= 400) {
    return sendError(res, script.status, { message: script.errorMessage, retryAfter: script.retryAfter });
  }
  const text = script.chunks?.join('') ?? script.text ?? `FIM ${request.prompt.split('\n').at(-1) ?? ''}`;
  const promptTokens = script.usage?.prompt_tokens ?? estimateTokens(request.prompt + String(request.suffix ?? ''));
  const completionTokens = script.usage?.completion_tokens ?? estimateTokens(text);
  sendJson(res, 200, {
    id: `cmpl-fake-${String(seq).padStart(6, '0')}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  });
}
