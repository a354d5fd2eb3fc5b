import type { ChatCompletionRequest, Usage } from '../../../protocol';
import { AppError } from '../domain/errors';
import { usageOf, type CompletionChunk, type LlmProvider } from './provider';
import { mapUpstreamError } from './upstream-errors';

/**
 * An upstream stream whose first chunk has already arrived. Failing before the first chunk is an
 * ordinary error response (and later a chance to fall back); failing after it must reach the
 * client as an explicit error, and a stream that just stops without a finish_reason is a failure
 * too — it must never look like a clean finish.
 */
export class UpstreamStream {
  text = '';
  finishReason?: string;
  usage?: Usage;
  firstChunkAt?: number;

  private constructor(
    private readonly iterator: AsyncIterator<CompletionChunk>,
    private first: IteratorResult<CompletionChunk>,
    readonly provider: string,
  ) {
    this.firstChunkAt = performance.now();
  }

  static async open(provider: LlmProvider, body: ChatCompletionRequest, signal: AbortSignal): Promise<UpstreamStream> {
    const iterable = await provider.stream(body, signal);
    const iterator = iterable[Symbol.asyncIterator]();
    try {
      return new UpstreamStream(iterator, await iterator.next(), provider.name);
    } catch (err) {
      throw mapUpstreamError(err, provider.name);
    }
  }

  async *chunks(): AsyncGenerator<CompletionChunk> {
    let result = this.first;
    while (!result.done) {
      const chunk = result.value;
      this.observe(chunk);
      yield chunk;
      try {
        result = await this.iterator.next();
      } catch (err) {
        throw mapUpstreamError(err, this.provider);
      }
    }
    if (!this.finishReason) {
      throw new AppError(502, 'upstream_incomplete',
        `${this.provider} stopped sending before the answer was complete (no finish_reason)`);
    }
  }

  private observe(chunk: CompletionChunk): void {
    if (!chunk || !Array.isArray(chunk.choices)) {
      throw new AppError(502, 'upstream_error', `${this.provider} sent a chunk without choices`);
    }
    for (const choice of chunk.choices) {
      if (typeof choice.delta?.content === 'string') this.text += choice.delta.content;
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    this.usage = usageOf(chunk) ?? this.usage;
  }

  /** Ends the upstream request early (the client left). */
  async cancel(): Promise<void> {
    await this.iterator.return?.().catch(() => undefined);
  }
}
