/** The fake LLM upstream: per-request scripting, the HTTP control plane, lifecycle and CLI. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-upstream';
import { ask, MODEL, rejection, useFakeWithClients } from './fake-upstream-fixture';

describe('fake LLM upstream: scripting and control', function () {
  let fake: FakeUpstream;
  let openai: OpenAI;
  let groq: Groq;
  useFakeWithClients((fx) => ({ fake, openai, groq } = fx));

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
