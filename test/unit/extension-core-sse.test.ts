import assert from 'node:assert/strict';
import { SseDecoder, parseSse, readChunks, type SseMessage } from '../../extension/src/core/sse';

const encoder = new TextEncoder();

async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function collect(parts: Uint8Array[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of parseSse(chunks(parts))) out.push(m);
  return out;
}

// A stream like the server's: JSON events with non-ASCII text (multi-byte UTF-8), a keep-alive
// comment, CRLF line ends in one event, a multi-line data field, then [DONE].
const STREAM =
  'data: {"type":"start","conversationId":"c1","messageId":"m1","model":"llama"}\n\n'
  + ': keep-alive\n\n'
  + 'data: {"type":"delta","text":"héllo — 世界 🚀"}\r\n\r\n'
  + 'event: note\nid: 7\ndata: line one\ndata: line two\n\n'
  + 'data: {"type":"done","finishReason":"stop"}\n\n'
  + 'data: [DONE]\n\n';

const EXPECTED: SseMessage[] = [
  { event: 'message', data: '{"type":"start","conversationId":"c1","messageId":"m1","model":"llama"}' },
  { event: 'message', data: '{"type":"delta","text":"héllo — 世界 🚀"}' },
  { event: 'note', data: 'line one\nline two', id: '7' },
  { event: 'message', data: '{"type":"done","finishReason":"stop"}', id: '7' },
  { event: 'message', data: '[DONE]', id: '7' },
];

describe('extension core: SSE parser', () => {
  it('parses a whole stream in one chunk', async () => {
    assert.deepEqual(await collect([encoder.encode(STREAM)]), EXPECTED);
  });

  it('gives the same events when the bytes are split at every position (including inside UTF-8 characters)', async () => {
    const bytes = encoder.encode(STREAM);
    for (let i = 0; i <= bytes.length; i++) {
      const got = await collect([bytes.slice(0, i), bytes.slice(i)]);
      assert.deepEqual(got, EXPECTED, `split at byte ${i}`);
    }
  });

  it('gives the same events when every byte arrives alone', async () => {
    const bytes = encoder.encode(STREAM);
    assert.deepEqual(await collect([...bytes].map((b) => Uint8Array.of(b))), EXPECTED);
  });

  it('handles a CRLF split between two chunks as one line break', () => {
    const decoder = new SseDecoder();
    assert.deepEqual(decoder.push('data: a\r'), []);
    assert.deepEqual(decoder.push('\n\r'), [{ event: 'message', data: 'a' }]);
    assert.deepEqual(decoder.push('\ndata: b\r\r'), [{ event: 'message', data: 'b' }]);
  });

  it('accepts "data:" without a space and bare CR line ends', () => {
    const decoder = new SseDecoder();
    assert.deepEqual(decoder.push('data:x\rdata:  y\r\r'), [{ event: 'message', data: 'x\n y' }]);
  });

  it('drops an event whose terminating blank line never came (a cut stream is not an event)', async () => {
    assert.deepEqual(await collect([encoder.encode('data: {"type":"delta","text":"a"}\n\ndata: {"type":"del')]),
      [{ event: 'message', data: '{"type":"delta","text":"a"}' }]);
  });

  it('readChunks cancels the underlying stream when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(encoder.encode('data: x\n\n')),
      cancel: () => { cancelled = true; },
    });
    for await (const message of parseSse(readChunks(stream))) {
      assert.equal(message.data, 'x');
      break;
    }
    assert.equal(cancelled, true);
  });
});
