import Groq from 'groq-sdk';
import type { Logger } from 'pino';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'groq-sdk/resources/chat/completions';
import type { ChatCompletionRequest } from '../../../protocol';
import type { Completion, CompletionChunk, LlmProvider } from './provider';
import { nodeFetch } from './node-fetch';
import { mapUpstreamError } from './upstream-errors';

export interface GroqOptions {
  /** Registry name (`groq`, or a config file's provider id). */
  name: string;
  apiKey: string;
  /** Host root: groq-sdk appends /openai/v1 itself. */
  baseURL?: string;
  timeoutMs: number;
  /** The SDK's own diagnostics (e.g. an unparsable chunk) go to our JSON log, not the console. */
  logger?: Logger;
}

const sdkLogger = (log: Logger) => ({
  error: (msg: string, ...args: unknown[]) => log.warn({ sdk: 'groq', args }, msg),
  warn: (msg: string, ...args: unknown[]) => log.warn({ sdk: 'groq', args }, msg),
  info: (msg: string, ...args: unknown[]) => log.debug({ sdk: 'groq', args }, msg),
  debug: (msg: string, ...args: unknown[]) => log.trace({ sdk: 'groq', args }, msg),
});

/** Groq through its official SDK, with the SDK's own retries off (the gateway owns retries). */
export class GroqProvider implements LlmProvider {
  readonly name: string;
  private readonly client: Groq;

  constructor(options: GroqOptions) {
    this.name = options.name;
    this.client = new Groq({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      fetch: nodeFetch,
      timeout: options.timeoutMs,
      ...(options.logger ? { logger: sdkLogger(options.logger) } : {}),
    });
  }

  async complete(body: ChatCompletionRequest, signal: AbortSignal): Promise<Completion> {
    try {
      // The request is validated at our edge; the SDK's stricter static types do not add safety here.
      const params = { ...body, stream: false } as unknown as ChatCompletionCreateParamsNonStreaming;
      return (await this.client.chat.completions.create(params, { signal })) as unknown as Completion;
    } catch (err) {
      throw mapUpstreamError(err, this.name);
    }
  }

  async stream(body: ChatCompletionRequest, signal: AbortSignal): Promise<AsyncIterable<CompletionChunk>> {
    try {
      const params = { ...body, stream: true } as unknown as ChatCompletionCreateParamsStreaming;
      const stream = await this.client.chat.completions.create(params, { signal });
      return stream as unknown as AsyncIterable<CompletionChunk>;
    } catch (err) {
      throw mapUpstreamError(err, this.name);
    }
  }
}
