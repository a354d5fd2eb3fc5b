// Server-Sent Events parsing for fetch response bodies (no `vscode` here: runs in plain mocha).
// Follows the WHATWG event-stream rules the server relies on: `data:` lines accumulate until a blank
// line, `:` lines are comments (keep-alives), CR, LF and CRLF all end a line. Network chunks can split
// a line — or a multi-byte UTF-8 character — anywhere, so decoding and line splitting are incremental.

export interface SseMessage {
  /** `event:` field; "message" when the server sent none. */
  event: string;
  /** `data:` lines joined with "\n". */
  data: string;
  id?: string;
}

/** The sentinel the server sends after a clean finish (OpenAI convention). */
export const SSE_DONE = '[DONE]';

/** Incremental decoder: push text as it arrives, get back the complete messages so far. */
export class SseDecoder {
  private buffer = '';
  /** A chunk ended in "\r": if the next one starts with "\n" that is the same line break. */
  private pendingCr = false;
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  push(text: string): SseMessage[] {
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (ch === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /**
   * End of stream. A message without its terminating blank line is dropped, as the spec says:
   * a half-received event must not be acted on.
   */
  end(): SseMessage[] {
    this.buffer = '';
    this.data = [];
    this.event = '';
    return [];
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length) {
        const message: SseMessage = { event: this.event || 'message', data: this.data.join('\n') };
        if (this.id !== undefined) message.id = this.id;
        out.push(message);
      }
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    // `retry` and unknown fields are ignored: the client does not auto-reconnect a chat answer.
  }
}

/** Parses a byte stream (a fetch body is async-iterable in Node) into SSE messages. */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new SseDecoder();
  const utf8 = new TextDecoder('utf-8');
  for await (const chunk of body) {
    // stream: true keeps a split multi-byte character until its remaining bytes arrive
    yield* decoder.push(utf8.decode(chunk, { stream: true }));
  }
  yield* decoder.push(utf8.decode());
  yield* decoder.end();
}

/**
 * A fetch body as an async iterable of chunks. Uses a reader rather than relying on
 * ReadableStream's async iterator, and cancels the stream when the consumer stops early.
 */
export async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { finished = true; return; }
      if (value) yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
