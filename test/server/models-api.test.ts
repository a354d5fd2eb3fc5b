import assert from 'node:assert/strict';
import { ChatEvent, ChatModelList, ModelList } from '../../protocol';
import { addCaller } from './principals';
import { readSse, startTestServer, type TestServer } from './harness';

describe('server: GET /api/v1/models (the chat model picker)', () => {
  let s: TestServer | undefined;
  afterEach(async () => { await s?.close(); s = undefined; });

  async function models(server: TestServer, token = server.token): Promise<ChatModelList> {
    const res = await fetch(`${server.url}/api/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return ChatModelList.parse(JSON.parse(text));
  }

  it('built-in defaults: the chat models of /v1/models (not the inline-only one), with provider, window and the chat default', async () => {
    s = await startTestServer();
    const list = await models(s);
    const openAi = ModelList.parse(await (await s.api('/v1/models')).json());
    assert.deepEqual(list.data.map((m) => m.id), openAi.data.map((m) => m.id).filter((id) => id !== 'llama-3.1-8b-instant'));
    assert.ok(openAi.data.some((m) => m.id === 'llama-3.1-8b-instant'), 'the inline model is served by /v1/models');
    assert.deepEqual(list.data.find((m) => m.id === 'llama-3.3-70b-versatile'),
      { id: 'llama-3.3-70b-versatile', provider: 'groq', contextWindow: 131_072, isDefault: true });
    assert.deepEqual(list.data.filter((m) => m.isDefault).map((m) => m.id), ['llama-3.3-70b-versatile']);
    // Any role may read it, a viewer included; without a token it is 401 like the rest of /api/v1.
    const viewer = await addCaller(s, 'vera', 'viewer');
    assert.deepEqual(await models(s, viewer.token), list);
    assert.equal((await fetch(`${s.url}/api/v1/models`)).status, 401);
  });

  it('a config file: its models and windows (the config default when none is given), the chat route\'s head as default', async () => {
    s = await startTestServer({
      modelConfig: {
        models: [
          { id: 'small', provider: 'groq', upstreamModel: 'llama-3.1-8b-instant', tasks: ['inline'], contextWindow: 8192 },
          { id: 'big', provider: 'groq', upstreamModel: 'llama-3.3-70b-versatile', tasks: ['chat'] },
          { id: 'tiny-chat', provider: 'groq', upstreamModel: 'llama-3.3-70b-versatile', tasks: ['chat'], contextWindow: 4096 },
        ],
        routes: { chat: ['tiny-chat', 'big'] },
      },
    });
    const list = await models(s);
    // 'small' serves inline only: not offered for chat
    assert.deepEqual(list.data, [
      { id: 'big', provider: 'groq', contextWindow: 131_072, isDefault: false },
      { id: 'tiny-chat', provider: 'groq', contextWindow: 4096, isDefault: true },
    ]);
    // isDefault is what a chat request without a model really gets, and contextWindow what it is fitted to.
    const res = await s.api('/api/v1/chat', { json: { message: 'which model?' } });
    assert.equal(res.status, 200, await res.clone().text());
    const events = (await readSse(res)).data.filter((d) => d !== '[DONE]').map((d) => ChatEvent.parse(JSON.parse(d)));
    const start = events.find((e) => e.type === 'start');
    const context = events.find((e) => e.type === 'context');
    assert.equal(start?.type === 'start' && start.model, 'tiny-chat');
    assert.equal(context?.type === 'context' && context.contextWindow, 4096);
  });

  it('is in /openapi.json with the ChatModelList schema', async () => {
    s = await startTestServer();
    const doc = await (await fetch(`${s.url}/openapi.json`)).json() as { paths: Record<string, Record<string, {
      responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> }>> };
    const schema = doc.paths['/api/v1/models']!.get!.responses['200']!.content['application/json']!.schema;
    assert.ok(schema.properties.data);
    assert.match(JSON.stringify(schema), /contextWindow.*isDefault/);
  });
});
