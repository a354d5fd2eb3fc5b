// Test doubles for the inline engine: a fake clock (no real timers) and an in-memory
// InlineTransport (our own interface, so faking it here is fine; the HTTP path is tested against
// the fake upstream elsewhere).
import type { InlineCompletionRequest, InlineCompletionResponse, InlineConfig } from '../../../protocol';
import type { Clock, DocumentSnapshot, InlineTransport } from '../../../extension/src/core/inline/types';

/** Lets every pending promise chain run (setImmediate comes after all microtasks). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time = 1_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; seq: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing due timers in order and letting promise chains run after each. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await flush();
    for (;;) {
      let next: [number, { at: number; seq: number; fn: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= until && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await flush();
    }
    this.time = until;
    await flush();
  }
}

export interface SentRequest {
  request: InlineCompletionRequest;
  signal: AbortSignal;
  /** Set when the transport answered (not aborted). */
  answered: boolean;
}

export class FakeTransport implements InlineTransport {
  configCalls = 0;
  readonly sent: SentRequest[] = [];
  configValue: InlineConfig = { model: 'fake-fast', promptStyle: 'chat', maxPromptTokens: 2_000, maxCompletionTokens: 256 };
  configError: Error | undefined;
  latencyMs = 0;
  /** The raw model answer for a request. */
  answer: (request: InlineCompletionRequest, index: number) => string = () => '<COMPLETION>42;';

  constructor(private readonly clock: FakeClock) {}

  async config(_signal: AbortSignal): Promise<InlineConfig> {
    this.configCalls++;
    if (this.configError) throw this.configError;
    return this.configValue;
  }

  complete(request: InlineCompletionRequest, signal: AbortSignal): Promise<InlineCompletionResponse> {
    const entry: SentRequest = { request, signal, answered: false };
    const index = this.sent.push(entry) - 1;
    return new Promise((resolve, reject) => {
      const abort = (): void => {
        this.clock.clearTimeout(timer);
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      };
      const timer = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', abort);
        entry.answered = true;
        resolve({ id: `cmpl-${index + 1}`, completion: this.answer(request, index), model: 'fake-fast', finishReason: 'stop' });
      }, this.latencyMs);
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  get aborted(): number {
    return this.sent.filter((s) => s.signal.aborted).length;
  }
}

/** The user message of a chat request (the last message). */
export function lastUserMessage(request: InlineCompletionRequest): string {
  if (request.prompt.kind !== 'chat') throw new Error('not a chat prompt');
  const content = request.prompt.messages.at(-1)?.content;
  return typeof content === 'string' ? content : '';
}

/** The text before the hole in a chat request's query. */
export function queryPrefix(request: InlineCompletionRequest): string {
  const message = lastUserMessage(request);
  const start = message.indexOf('<QUERY>\n') + '<QUERY>\n'.length;
  return message.slice(start, message.indexOf('{{FILL_HERE}}', start));
}

export function snapshot(text: string, offset = text.length, extra: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return { uri: 'file:///ws/src/app.ts', relativePath: 'src/app.ts', languageId: 'typescript', text, offset, version: 1, ...extra };
}

/** Text with a `|` marking the cursor → snapshot. */
export function at(marked: string, extra: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  const offset = marked.indexOf('|');
  return snapshot(marked.slice(0, offset) + marked.slice(offset + 1), offset, extra);
}
