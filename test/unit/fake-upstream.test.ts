/**
 * The fake LLM upstream, checked with the official clients (openai, groq-sdk) so its wire
 * format is proven by the same parsers the Churnistic server uses — not by our own reading of it.
 */
import assert from 'node:assert/strict';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import type { FakeUpstream } from '../fakes/fake-upstream';
import { ask, MODEL, rejection, useFakeWithClients } from './fake-upstream-fixture';

describe('fake LLM upstream: wire format, timing, faults', function () {
  let fake: FakeUpstream;
  let openai: OpenAI;
  let groq: Groq;
  useFakeWithClients((fx) => ({ fake, openai, groq } = fx));

  describe('wire format', function () {
    it('answers a non-stream call from openai (/v1) with a chat.completion echoing the prompt', async function () {
      const res = await openai.chat.completions.create({ model: MODEL, messages: ask('hello there') });
      assert.equal(res.object, 'chat.completion');
      assert.equal(res.model, MODEL);
      assert.match(res.id, /^chatcmpl-/);
      assert.equal(res.choices[0]?.message.role, 'assistant');
      assert.equal(res.choices[0]?.message.content, 'Echo: hello there');
      assert.equal(res.choices[0]?.finish_reason, 'stop');
      // chars/4 estimate: "hello there" = 11 chars → 3; "Echo: hello there" = 17 → 5.
      assert.deepEqual(res.usage, { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
      assert.equal(fake.chatRequests[0]?.path, '/v1/chat/completions');
    });

    it('answers a non-stream call from groq-sdk (/openai/v1) with x_groq.id and records the request', async function () {
      const res = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', messages: ask('hi') });
      assert.equal(res.choices[0]?.message.content, 'Echo: hi');
      assert.equal(res.model, 'llama-3.1-8b-instant');
      assert.match(res.x_groq?.id ?? '', /^req_/);
      const [req] = fake.requests;
      assert.equal(req?.method, 'POST');
      assert.equal(req?.path, '/openai/v1/chat/completions');
      assert.equal(req?.headers.authorization, 'Bearer gsk-test');
      assert.deepEqual((req?.body as { messages: unknown }).messages, ask('hi'));
      assert.equal(req?.aborted, false);
      assert.equal(typeof req?.at, 'number');
    });

    it('streams to openai: role chunk first, word chunks, stop, then an include_usage chunk', async function () {
      fake.script({ text: 'one two three' });
      const stream = await openai.chat.completions.create({
        model: MODEL,
        messages: ask('count'),
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      assert.deepEqual(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
      const contents = chunks.slice(1).map((c) => c.choices[0]?.delta.content).filter((s) => s !== undefined);
      assert.deepEqual(contents, ['one ', 'two ', 'three']);
      assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
      assert.deepEqual(chunks.at(-1)?.choices, []);
      assert.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
      assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === MODEL));
    });

    it('streams to groq-sdk with x_groq.usage on the final chunk (scripted usage wins)', async function () {
      fake.script({ chunks: ['Hel', 'lo'], usage: { prompt_tokens: 7, completion_tokens: 2 } });
      const stream = await groq.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      let text = '';
      let last;
      for await (const c of stream) {
        text += c.choices[0]?.delta.content ?? '';
        last = c;
      }
      assert.equal(text, 'Hello');
      assert.equal(last?.choices[0]?.finish_reason, 'stop');
      assert.deepEqual(last?.x_groq?.usage, { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    });

    it('lists models for openai and groq-sdk', async function () {
      const viaOpenai = await openai.models.list();
      const viaGroq = await groq.models.list();
      assert.ok(viaOpenai.data.some((m) => m.id === MODEL));
      assert.deepEqual(viaGroq.data.map((m) => m.id), viaOpenai.data.map((m) => m.id));
    });

    it('answers unknown routes and bad bodies with JSON errors', async function () {
      const notFound = await fetch(`${fake.url}/v1/embeddings`, { method: 'POST', body: '{}' });
      assert.equal(notFound.status, 404);
      assert.equal(((await notFound.json()) as { error: { code: string } }).error.code, 'unknown_url');
      const badJson = await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body: '{nope' });
      assert.equal(badJson.status, 400);
      const noModel = await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: ask('x') }) });
      assert.equal(noModel.status, 400);
      assert.match(((await noModel.json()) as { error: { message: string } }).error.message, /model/);
    });
  });

  describe('timing', function () {
    it('delivers chunks separately when chunkDelayMs is set (partial text before the end)', async function () {
      fake.script({ chunks: ['a', 'b', 'c'], chunkDelayMs: 60 });
      const stream = await openai.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      const arrivals: Array<{ text: string; at: number }> = [];
      let seen = '';
      for await (const c of stream) {
        const piece = c.choices[0]?.delta.content;
        if (!piece) continue;
        seen += piece;
        arrivals.push({ text: seen, at: performance.now() });
      }
      assert.deepEqual(arrivals.map((a) => a.text), ['a', 'ab', 'abc']);
      // Each piece came in its own read, after the previous one: the stream was not buffered.
      assert.ok(arrivals[1]!.at > arrivals[0]!.at && arrivals[2]!.at > arrivals[1]!.at, JSON.stringify(arrivals));
    });

    it('sends headers at once and holds the first chunk for firstTokenDelayMs', async function () {
      fake.script({ text: 'late', firstTokenDelayMs: 150 });
      const stream = await openai.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      const headersAt = performance.now();
      let firstAt = 0;
      for await (const _ of stream) if (!firstAt) firstAt = performance.now();
      // A lower bound on a scripted delay (timers may fire ~1 ms early), not a speed assertion.
      assert.ok(firstAt - headersAt >= 140, `first chunk after ${firstAt - headersAt} ms`);
    });
  });

  describe('faults', function () {
    it('429 with Retry-After reaches openai and groq-sdk as a RateLimitError with the header', async function () {
      fake.script([{ status: 429, retryAfter: 2 }, { status: 429, retryAfter: 5 }]);
      const e1 = await rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }));
      assert.ok(e1 instanceof OpenAI.RateLimitError);
      assert.equal(e1.status, 429);
      assert.equal(e1.headers.get('retry-after'), '2');
      assert.equal((e1.error as { code?: string }).code, 'rate_limit_exceeded');
      const e2 = await rejection(groq.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true }));
      assert.ok(e2 instanceof Groq.RateLimitError);
      assert.equal(e2.headers?.get('retry-after'), '5');
    });

    it('500 and 503 arrive as InternalServerError with a Groq-style error body', async function () {
      fake.script([{ status: 500 }, { status: 503, errorMessage: 'over capacity' }]);
      const e500 = await rejection(groq.chat.completions.create({ model: MODEL, messages: ask('x') }));
      assert.ok(e500 instanceof Groq.InternalServerError);
      assert.equal(e500.status, 500);
      const e503 = await rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }));
      assert.ok(e503 instanceof OpenAI.InternalServerError);
      assert.equal(e503.status, 503);
      assert.deepEqual(e503.error, { message: 'over capacity', type: 'internal_server_error', code: 'service_unavailable' });
    });

    it('hang: never answers; an aborting client is counted as a disconnect', async function () {
      fake.script({ fault: 'hang' });
      const controller = new AbortController();
      const pending = openai.chat.completions.create({ model: MODEL, messages: ask('x') }, { signal: controller.signal });
      await fake.waitForRequests(1);
      controller.abort();
      assert.ok((await rejection(pending)) instanceof OpenAI.APIUserAbortError);
      assert.equal(await fake.waitForDisconnect(2000), 1);
      assert.equal(fake.requests[0]?.aborted, true);
    });

    it('a disconnect from before reset() does not count after it', async function () {
      fake.script({ fault: 'hang' });
      const controller = new AbortController();
      const pending = rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }, { signal: controller.signal }));
      await fake.waitForRequests(1);
      fake.reset();
      controller.abort();
      await pending;
      await assert.rejects(fake.waitForDisconnect(100), /saw 0/);
    });

    it('a slow stream notices the client leaving mid-stream', async function () {
      fake.script({ chunks: ['a', 'b', 'c', 'd'], chunkDelayMs: 10_000 });
      const stream = await groq.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      for await (const c of stream) if (c.choices[0]?.delta.content === 'a') break; // break aborts the request
      assert.equal(await fake.waitForDisconnect(2000), 1);
    });

    it('drop: the SDK stream throws "terminated" after the scripted chunks, with no finish_reason', async function () {
      fake.script({ chunks: ['a', 'b', 'c', 'd'], fault: 'drop', dropAfterChunks: 2 });
      const stream = await groq.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      const contents: string[] = [];
      const finishes: unknown[] = [];
      const err = await rejection(
        (async () => {
          for await (const c of stream) {
            if (c.choices[0]?.delta.content) contents.push(c.choices[0].delta.content);
            if (c.choices[0]?.finish_reason) finishes.push(c.choices[0].finish_reason);
          }
        })(),
      );
      assert.match((err as Error).message, /terminated/);
      assert.deepEqual(contents, ['a', 'b']);
      assert.deepEqual(finishes, []);
      assert.equal(fake.disconnects, 0, 'a scripted drop is not a client disconnect');
    });

    it('drop on a non-stream call: the SDK rejects', async function () {
      fake.script({ fault: 'drop' });
      const err = await rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }));
      assert.match((err as Error).message, /terminated/);
    });

    it('malformed: the SDK throws a SyntaxError on the bad chunk (stream and non-stream)', async function () {
      fake.script([{ text: 'a b', fault: 'malformed' }, { fault: 'malformed' }]);
      // The SDK logs the bad line before throwing; a silent client keeps the test output clean.
      const quiet = new Groq({ baseURL: fake.url, apiKey: 'x', maxRetries: 0, logLevel: 'off' });
      const stream = await quiet.chat.completions.create({ model: MODEL, messages: ask('x'), stream: true });
      const streamErr = await rejection((async () => { for await (const _ of stream); })());
      assert.ok(streamErr instanceof SyntaxError);
      const err = await rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }));
      assert.ok(err instanceof SyntaxError);
    });
  });
});
