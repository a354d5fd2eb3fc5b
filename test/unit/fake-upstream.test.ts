/**
 * The fake LLM upstream, checked with the official clients (openai, groq-sdk) so its wire
 * format is proven by the same parsers the Churnistic server uses — not by our own reading of it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-upstream';

const MODEL = 'llama-3.3-70b-versatile';
const ask = (content: string) => [{ role: 'user' as const, content }];

/** Resolves to the rejection of `p` (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected a rejection');
}

describe('fake LLM upstream', function () {
  let fake: FakeUpstream;
  let openai: OpenAI;
  let groq: Groq;

  beforeEach(async function () {
    fake = await startFakeUpstream();
    openai = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
    groq = new Groq({ baseURL: fake.url, apiKey: 'gsk-test', maxRetries: 0 });
  });
  afterEach(async function () {
    await fake.close();
  });

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

  describe('scripting', function () {
    it('consumes queued scripts in order, one per chat request, then the default', async function () {
      fake.script([{ text: 'first' }, { text: 'second' }]);
      fake.script({ text: 'third' });
      const texts = [];
      for (let i = 0; i < 4; i++) {
        const res = await openai.chat.completions.create({ model: MODEL, messages: ask(`q${i}`) });
        texts.push(res.choices[0]?.message.content);
      }
      assert.deepEqual(texts, ['first', 'second', 'third', 'Echo: q3']);
      fake.setDefault({ text: 'default now' });
      const res = await groq.chat.completions.create({ model: MODEL, messages: ask('q') });
      assert.equal(res.choices[0]?.message.content, 'default now');
      assert.throws(() => fake.script({ fault: 'explode' } as never), /invalid script/);
    });

    it('a [[fake:…]] marker in the last user message scripts that request and leaves the queue alone', async function () {
      fake.script({ text: 'queued' });
      const inline = await groq.chat.completions.create({
        model: MODEL,
        messages: ask('tell me [[fake:{"text":"from the prompt","usage":{"prompt_tokens":1,"completion_tokens":1}}]]'),
      });
      assert.equal(inline.choices[0]?.message.content, 'from the prompt');
      assert.equal(inline.usage?.total_tokens, 2);
      assert.equal(fake.queued, 1);
      const queued = await groq.chat.completions.create({ model: MODEL, messages: ask('next') });
      assert.equal(queued.choices[0]?.message.content, 'queued');
      const bad = await rejection(groq.chat.completions.create({ model: MODEL, messages: ask('[[fake:{"oops":1}]]') }));
      assert.ok(bad instanceof Groq.BadRequestError);
      assert.match(bad.message, /oops/);
    });

    it('rejects other API keys with 401 when started with apiKey', async function () {
      const strict = await startFakeUpstream({ apiKey: 'right-key' });
      try {
        const wrong = new Groq({ baseURL: strict.url, apiKey: 'wrong-key', maxRetries: 0 });
        const err = await rejection(wrong.chat.completions.create({ model: MODEL, messages: ask('x') }));
        assert.ok(err instanceof Groq.AuthenticationError);
        assert.equal((err.error as { error?: { code?: string } }).error?.code, 'invalid_api_key');
        const right = new Groq({ baseURL: strict.url, apiKey: 'right-key', maxRetries: 0 });
        const ok = await right.chat.completions.create({ model: MODEL, messages: ask('x') });
        assert.equal(ok.choices[0]?.message.content, 'Echo: x');
        assert.deepEqual(strict.requests.map((r) => r.headers.authorization), ['Bearer wrong-key', 'Bearer right-key']);
      } finally {
        await strict.close();
      }
    });
  });

  describe('HTTP control plane and lifecycle', function () {
    const post = (url: string, body: string) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

    it('scripts, sets the default, reports state and resets over HTTP', async function () {
      const queued = await post(`${fake.url}/__fake/script`, JSON.stringify([{ text: 'A' }, { status: 503 }]));
      assert.deepEqual(await queued.json(), { queued: 2 });
      assert.equal((await post(`${fake.url}/__fake/default`, '{"text":"D"}')).status, 200);
      const a = await openai.chat.completions.create({ model: MODEL, messages: ask('x') });
      assert.equal(a.choices[0]?.message.content, 'A');
      assert.equal(((await rejection(openai.chat.completions.create({ model: MODEL, messages: ask('x') }))) as InstanceType<typeof OpenAI.APIError>).status, 503);
      const d = await openai.chat.completions.create({ model: MODEL, messages: ask('x') });
      assert.equal(d.choices[0]?.message.content, 'D');

      const state = (await (await fetch(`${fake.url}/__fake/state`)).json()) as { requests: Array<{ path: string }>; disconnects: number };
      assert.equal(state.requests.length, 3, 'control-plane calls are not recorded');
      assert.equal(state.disconnects, 0);
      assert.equal((await post(`${fake.url}/__fake/reset`, '')).status, 200);
      assert.equal(fake.requests.length, 0);
      const echoed = await openai.chat.completions.create({ model: MODEL, messages: ask('x') });
      assert.equal(echoed.choices[0]?.message.content, 'Echo: x', 'reset restores the default script');
    });

    it('answers bad control-plane input with 400/404 JSON errors', async function () {
      const badJson = await post(`${fake.url}/__fake/script`, '{not json');
      assert.equal(badJson.status, 400);
      assert.equal(((await badJson.json()) as { error: { code: string } }).error.code, 'invalid_script');
      const badField = await post(`${fake.url}/__fake/script`, '{"chunkDelay":5}');
      assert.equal(badField.status, 400);
      assert.match(((await badField.json()) as { error: { message: string } }).error.message, /chunkDelay/);
      assert.equal((await post(`${fake.url}/__fake/default`, '[{"text":"x"}]')).status, 400);
      assert.equal((await fetch(`${fake.url}/__fake/nope`)).status, 404);
      assert.equal(fake.queued, 0);
    });

    it('waitForRequests and waitForDisconnect reject on timeout with a clear message', async function () {
      await assert.rejects(fake.waitForRequests(1, 30), /expected at least 1 request\(s\) within 30 ms, got 0/);
      await assert.rejects(fake.waitForDisconnect(30), /expected 1 client disconnect\(s\) within 30 ms, saw 0/);
    });

    it('close() ends hanging requests instead of waiting for them', async function () {
      const other = await startFakeUpstream({ defaultScript: { fault: 'hang' } });
      const client = new OpenAI({ baseURL: `${other.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const pending = rejection(client.chat.completions.create({ model: MODEL, messages: ask('x') }));
      await other.waitForRequests(1);
      await other.close();
      assert.ok((await pending) instanceof OpenAI.APIConnectionError);
    });

    it('the CLI starts the fake, prints GROQ_BASE_URL, and stops on SIGTERM', async function () {
      this.timeout(20_000);
      const cli = path.join(__dirname, '..', 'fakes', 'cli.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let out = '';
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /GROQ_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            if (m && out.includes('Ctrl-C')) resolve(m[1]!);
          });
          child.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${out}`)));
        });
        assert.match(out, /GROQ_API_KEY=anything/);
        const state = await (await fetch(`${url}/__fake/state`)).json();
        assert.deepEqual(state, { requests: [], disconnects: 0, queued: 0 });
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        assert.deepEqual(await exited, [0, null]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  });
});
