import OpenAI from 'openai';
import type { Logger } from 'pino';
import type { ChatCompletionRequest } from '../../../protocol';
import type { Completion, CompletionChunk, FimRequest, FimResult, LlmProvider } from './provider';
import { nodeFetch } from './node-fetch';
import { mapUpstreamError } from './upstream-errors';

export interface OpenAICompatOptions {
  /** Registry name, e.g. `openai`. */
  name: string;
  apiKey: string;
  /** Base URL including `/v1` (OpenAI, OpenRouter, Together, Ollama, vLLM …). */
  baseURL?: string;
  timeoutMs: number;
  logger?: Logger;
}

/**
 * Any OpenAI-compatible provider through the official SDK, with its retries off (the gateway owns
 * them). Its legacy `/completions` endpoint with `suffix` is the real fill-in-the-middle path.
 */
export class OpenAICompatProvider implements LlmProvider {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(options: OpenAICompatOptions) {
    this.name = options.name;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      fetch: nodeFetch,
      timeout: options.timeoutMs,
      ...(options.logger ? { logLevel: 'warn' as const, logger: options.logger.child({ sdk: 'openai' }) } : {}),
    });
  }

  async complete(body: ChatCompletionRequest, signal: AbortSignal): Promise<Completion> {
    try {
      const params = { ...body, stream: false } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
      return (await this.client.chat.completions.create(params, { signal })) as unknown as Completion;
    } catch (err) {
      throw mapUpstreamError(err, this.name);
    }
  }

  async stream(body: ChatCompletionRequest, signal: AbortSignal): Promise<AsyncIterable<CompletionChunk>> {
    try {
      const params = { ...body, stream: true } as unknown as OpenAI.ChatCompletionCreateParamsStreaming;
      return (await this.client.chat.completions.create(params, { signal })) as unknown as AsyncIterable<CompletionChunk>;
    } catch (err) {
      throw mapUpstreamError(err, this.name);
    }
  }

  async fim(request: FimRequest, signal: AbortSignal): Promise<FimResult> {
    try {
      const result = await this.client.completions.create({ ...request, stream: false }, { signal });
      const choice = result.choices?.[0];
      return {
        text: choice?.text ?? '',
        finishReason: choice?.finish_reason ?? 'stop',
        ...(result.usage ? { usage: result.usage } : {}),
      };
    } catch (err) {
      throw mapUpstreamError(err, this.name);
    }
  }
}
