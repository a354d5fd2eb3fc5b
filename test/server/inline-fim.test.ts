import assert from 'node:assert/strict';
import { InlineCompletionResponse, InlineConfig } from '../../protocol';
import { startTestServer, TEST_UPSTREAM_KEY, waitForUsageRows, type TestServer } from './harness';

/** A team that runs a FIM-capable coder model behind an OpenAI-compatible endpoint (vLLM, Ollama …). */
const MODELS = {
  models: [
    { id: 'coder-fim', provider: 'openai', tasks: ['inline'], contextWindow: 16_384, fim: true },
    { id: 'llama-3.3-70b-versatile', provider: 'groq', tasks: ['chat'] },
  ],
};

describe('server: inline completions with a real fill-in-the-middle model', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer({ withOpenAI: true, modelConfig: MODELS }); });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  it('the config names the FIM model and the fim prompt style', async () => {
    const config = InlineConfig.parse(await (await s.api('/api/v1/completions/inline/config')).json());
    assert.deepEqual([config.model, config.promptStyle], ['coder-fim', 'fim']);
  });

  it('sends prompt and suffix to the provider\'s /v1/completions through the openai SDK', async () => {
    s.fake.script({ text: 'a + b;', usage: { prompt_tokens: 9, completion_tokens: 3 } });
    const res = await s.api('/api/v1/completions/inline', {
      json: { prompt: { kind: 'fim', prompt: 'function add(a, b) {\n  return ', suffix: '\n}\n' }, language: 'javascript', stop: ['\n'] },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = InlineCompletionResponse.parse(await res.json());
    assert.equal(body.completion, 'a + b;');
    assert.equal(body.model, 'coder-fim');
    const [sent] = s.fake.fimRequests;
    assert.ok(sent, 'the FIM endpoint was called');
    assert.deepEqual(
      [(sent.body as { prompt: string }).prompt, (sent.body as { suffix: string }).suffix],
      ['function add(a, b) {\n  return ', '\n}\n'],
    );
    assert.equal(sent.headers.authorization, `Bearer ${TEST_UPSTREAM_KEY}`);
    assert.equal(s.fake.chatRequests.length, 0);
    const rows = await waitForUsageRows(s.db, 1);
    assert.equal(rows.at(-1)!.provider, 'openai');
    assert.equal(rows.at(-1)!.completion_tokens, 3);
  });

  it('a chat prompt for the FIM model is a 400 that says which style to use', async () => {
    const res = await s.api('/api/v1/completions/inline', {
      json: { prompt: { kind: 'chat', messages: [{ role: 'user', content: 'x' }] }, language: 'javascript' },
    });
    assert.equal(res.status, 400);
    assert.match((await res.json()).error.message, /takes fim prompts/);
  });

  it('an upstream 503 on the FIM endpoint (both attempts) → 502 JSON, and the chat model still answers', async () => {
    s.fake.script([{ status: 503 }, { status: 503 }]);
    const res = await s.api('/api/v1/completions/inline', {
      json: { prompt: { kind: 'fim', prompt: 'x', suffix: '' }, language: 'javascript' },
    });
    assert.equal(res.status, 502);
    const chat = await s.api('/v1/chat/completions', { json: { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] } });
    assert.equal(chat.status, 200);
  });

  it('GET /v1/models lists the models of the config file', async () => {
    const ids = (await (await s.api('/v1/models')).json()).data.map((m: { id: string }) => m.id);
    assert.deepEqual(ids, ['coder-fim', 'llama-3.3-70b-versatile']);
  });
});
