import { ErrorCode, type ChatCompletionRequest, type Usage } from '../../../protocol';
import { usageOf, type CompletionChunk, type LlmProvider } from './provider';
import { AttemptAbort, timeoutError } from './timeouts';
import { mapUpstreamError, UpstreamError } from './upstream-errors';

export interface StreamTimeouts {
  /** From sending the request to the first chunk (per attempt, so a fallback gets its own). */
  firstTokenTimeoutMs: number;
  /** Silence allowed between two chunks once the stream is under way. */
  idleTimeoutMs: number;
}

/**
 * An upstream stream whose first chunk has already arrived. Failing before the first chunk is an
 * ordinary error (and a chance to retry or fall back); failing after it must reach the client as
 * an explicit error, and a stream that just stops without a finish_reason is a failure too — it
 * must never look like a clean finish. Every way it ends aborts the upstream request if it is
 * still open.
 */
export class UpstreamStream {
  text = '';
  finishReason?: string;
  usage?: Usage;
  readonly firstChunkAt: number;
  /** id, created and model of the stream's chunks, so a final error chunk matches them. */
  last?: { id: string; created: number; model: string };
  private ended = false;

  private constructor(
    private readonly iterator: AsyncIterator<CompletionChunk>,
    private readonly first: CompletionChunk,
    readonly provider: string,
    private readonly abort: AttemptAbort,
    private readonly idleTimeoutMs: number,
  ) {
    this.firstChunkAt = performance.now();
  }

  /** Sends the request and waits for the first chunk, within `firstTokenTimeoutMs`. */
  static async open(provider: LlmProvider, body: ChatCompletionRequest, signal: AbortSignal, timeouts: StreamTimeouts): Promise<UpstreamStream> {
    const abort = new AttemptAbort(signal);
    abort.arm(timeouts.firstTokenTimeoutMs, () => timeoutError(provider.name, `sent no token within ${timeouts.firstTokenTimeoutMs} ms`));
    try {
      const iterable = await provider.stream(body, abort.signal);
      const iterator = iterable[Symbol.asyncIterator]();
      const first = await iterator.next();
      abort.check();
      if (first.done) {
        throw new UpstreamError(502, ErrorCode.upstreamError, `${provider.name} ended the stream without sending anything`, 'malformed');
      }
      abort.disarm();
      const stream = new UpstreamStream(iterator, first.value, provider.name, abort, timeouts.idleTimeoutMs);
      stream.observe(first.value); // a first chunk we cannot use still counts as "before the first token"
      return stream;
    } catch (err) {
      abort.dispose(true);
      throw abort.explain(mapUpstreamError(err, provider.name));
    }
  }

  async *chunks(): AsyncGenerator<CompletionChunk> {
    let chunk: CompletionChunk | undefined = this.first;
    try {
      while (chunk) {
        yield chunk;
        // Silence is measured while we wait for the upstream, not while the client reads.
        this.abort.arm(this.idleTimeoutMs, () => timeoutError(this.provider, `went silent for ${this.idleTimeoutMs} ms mid-stream`));
        let result: IteratorResult<CompletionChunk>;
        try {
          result = await this.iterator.next();
        } catch (err) {
          throw this.abort.explain(mapUpstreamError(err, this.provider));
        }
        this.abort.check();
        this.abort.disarm();
        chunk = result.done ? undefined : result.value;
        if (chunk) this.observe(chunk);
      }
      if (!this.finishReason) {
        throw new UpstreamError(502, 'upstream_incomplete',
          `${this.provider} stopped sending before the answer was complete (no finish_reason)`, 'connection');
      }
      this.ended = true;
    } finally {
      this.close();
    }
  }

  private observe(chunk: CompletionChunk): void {
    if (!chunk || !Array.isArray(chunk.choices)) {
      throw new UpstreamError(502, ErrorCode.upstreamError, `${this.provider} sent a chunk without choices`, 'malformed');
    }
    this.last = { id: chunk.id, created: chunk.created, model: chunk.model };
    for (const choice of chunk.choices) {
      if (typeof choice.delta?.content === 'string') this.text += choice.delta.content;
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    this.usage = usageOf(chunk) ?? this.usage;
  }

  /** Stops timers and, unless the stream ended cleanly, the upstream request. Idempotent. */
  close(): void {
    this.abort.dispose(!this.ended);
  }

  /** Ends the upstream request early (the client left). */
  async cancel(): Promise<void> {
    this.close();
    await this.iterator.return?.().catch(() => undefined);
  }
}
