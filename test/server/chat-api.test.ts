import assert from 'node:assert/strict';
import { ChatEvent, ConversationDetail, ConversationList } from '../../protocol';
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import { readSse, startTestServer, waitForUsageRows, type TestServer } from './harness';

const events = (data: string[]) => data.filter((d) => d !== '[DONE]').map((d) => ChatEvent.parse(JSON.parse(d)));

describe('server: chat panel API (/api/v1/chat, conversations)', () => {
  let s: TestServer;
  // One request that fails on every attempt of the chain would open the provider's circuit and turn the
  // next test's request into a 503; the breaker has its own tests (faults-circuit.test.ts).
  before(async () => { s = await startTestServer({ modelConfig: { reliability: { circuitFailureThreshold: 1000 } } }); });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  async function ask(json: unknown, init: RequestInit = {}) {
    const res = await s.api('/api/v1/chat', { json, ...init });
    if (res.status !== 200) assert.fail(`chat answered ${res.status}: ${await res.text()}`);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    return readSse(res);
  }

  it('streams an answer as typed events ending in [DONE], and stores the conversation', async () => {
    s.fake.script({ chunks: ['The ', 'answer ', 'is 42.'], chunkDelayMs: 120, usage: { prompt_tokens: 20, completion_tokens: 4 } });
    const { data, at } = await ask({
      message: 'What is the answer?',
      context: [{ fileName: 'src/a.ts', language: 'typescript', code: 'const answer = 42;', startLine: 9 }],
    });
    assert.equal(data.at(-1), '[DONE]');
    const evs = events(data);
    assert.equal(evs[0]!.type, 'start');
    const deltas = evs.filter((e) => e.type === 'delta');
    assert.deepEqual(deltas.map((e) => e.text), ['The ', 'answer ', 'is 42.']);
    assert.equal(evs[1]!.type, 'context'); // how the conversation was fitted (test/server/context-window.test.ts)
    const deltaAt = evs.flatMap((e, i) => (e.type === 'delta' ? [at[i]!] : []));
    assert.ok(deltaAt[2]! - deltaAt[0]! >= 150, `deltas arrive as the upstream produces them: ${JSON.stringify(at.map((t) => Math.round(t - at[0]!)))} ${JSON.stringify(data)}`);
    assert.deepEqual(evs.at(-1), { type: 'done', finishReason: 'stop', usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 } });

    const upstreamMessages = (s.fake.chatRequests[0]!.body as { messages: { role: string; content: string }[] }).messages;
    assert.equal(upstreamMessages[0]!.role, 'system');
    assert.match(upstreamMessages.at(-1)!.content, /src\/a\.ts \(from line 10\):\n```typescript\nconst answer = 42;\n```\n\nWhat is the answer\?/);

    const start = evs[0] as Extract<ChatEvent, { type: 'start' }>;
    const detail = ConversationDetail.parse(await (await s.api(`/api/v1/conversations/${start.conversationId}`)).json());
    assert.equal(detail.title, 'What is the answer?');
    assert.deepEqual(detail.messages.map((m) => [m.role, m.status]), [['user', 'complete'], ['assistant', 'complete']]);
    assert.equal(detail.messages[1]!.content, 'The answer is 42.');
    assert.equal(detail.messages[1]!.completionTokens, 4);
    const rows = await waitForUsageRows(s.db, 1);
    assert.equal(rows.at(-1)!.task, 'chat');
  });

  it('a follow-up in the same conversation sends the earlier turns upstream', async () => {
    s.fake.script([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const first = events((await ask({ message: 'first question' })).data)[0] as Extract<ChatEvent, { type: 'start' }>;
    await ask({ message: 'second question', conversationId: first.conversationId });
    const sent = (s.fake.chatRequests[1]!.body as { messages: { role: string; content: string }[] }).messages;
    assert.deepEqual(sent.slice(1).map((m) => m.content), ['first question', 'First answer.', 'second question']);
  });

  it('lists conversations newest first with a stable cursor', async () => {
    for (const n of [1, 2, 3]) await ask({ message: `list me ${n}` });
    const page1 = ConversationList.parse(await (await s.api('/api/v1/conversations?limit=2')).json());
    assert.equal(page1.data.length, 2);
    assert.ok(page1.nextCursor);
    await ask({ message: 'inserted between pages' });
    const page2 = ConversationList.parse(await (await s.api(`/api/v1/conversations?limit=2&cursor=${page1.nextCursor}`)).json());
    const titles = [...page1.data, ...page2.data].map((c) => c.title);
    assert.deepEqual(titles.slice(0, 3), ['list me 3', 'list me 2', 'list me 1']);
    assert.ok(!page2.data.some((c) => page1.data.some((d) => d.id === c.id)), 'no conversation on two pages');
    assert.equal((await s.api('/api/v1/conversations?cursor=garbage')).status, 400);
  });

  it('another user\'s conversation is 404, and is not in their list', async () => {
    const { data } = await ask({ message: 'private question' });
    const { conversationId } = events(data)[0] as Extract<ChatEvent, { type: 'start' }>;
    const accounts = new AccountsRepo(s.db);
    await s.db.execute(`INSERT INTO users (id, team_id, name, role, created_at) VALUES ('user_other', 'team_default', 'other', 'member', '2026-01-01')`);
    const other = await accounts.createToken({ userId: 'user_other', teamId: 'team_default' }, 'other');
    const headers = { authorization: `Bearer ${other}` };
    assert.equal((await fetch(`${s.url}/api/v1/conversations/${conversationId}`, { headers })).status, 404);
    const list = ConversationList.parse(await (await fetch(`${s.url}/api/v1/conversations`, { headers })).json());
    assert.equal(list.data.length, 0);
    const cont = await fetch(`${s.url}/api/v1/chat`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hijack', conversationId }),
    });
    assert.equal(cont.status, 404);
  });

  it('an upstream failure before the first token (every retry and fallback) is a JSON error and stores no half turn', async () => {
    s.fake.setDefault({ status: 500 });
    const before = ConversationList.parse(await (await s.api('/api/v1/conversations?limit=200')).json()).data.length;
    const res = await s.api('/api/v1/chat', { json: { message: 'will fail' } });
    assert.equal(res.status, 502);
    assert.equal((await res.json()).error.code, 'upstream_error');
    const after = ConversationList.parse(await (await s.api('/api/v1/conversations?limit=200')).json()).data.length;
    assert.equal(after, before);
  });

  it('a stream dropped midway ends with an error event and no [DONE]; the partial answer is kept as error', async () => {
    s.fake.script({ chunks: ['partial ', 'answer ', 'never ', 'finished'], fault: 'drop', dropAfterChunks: 2 });
    const { data } = await ask({ message: 'drop me' });
    assert.ok(!data.includes('[DONE]'), JSON.stringify(data));
    const evs = events(data);
    assert.equal(evs.at(-1)!.type, 'error');
    const { conversationId } = evs[0] as Extract<ChatEvent, { type: 'start' }>;
    const detail = ConversationDetail.parse(await (await s.api(`/api/v1/conversations/${conversationId}`)).json());
    assert.equal(detail.messages[1]!.status, 'error');
    assert.equal(detail.messages[1]!.content, 'partial answer ');
  });

  it('closing the request (Stop) aborts the upstream; the answer so far is stored as aborted', async () => {
    s.fake.script({ chunks: ['slow ', 'slow ', 'slow ', 'slow'], chunkDelayMs: 400 });
    const controller = new AbortController();
    const res = await s.api('/api/v1/chat', { json: { message: 'stop me' }, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"delta"')) text += decoder.decode((await reader.read()).value);
    const conversationId = /"conversationId":"([^"]+)"/.exec(text)![1];
    controller.abort();
    await s.fake.waitForDisconnect(5000);
    let status = '';
    for (let i = 0; i < 100 && status !== 'aborted'; i++) {
      const detail = ConversationDetail.parse(await (await s.api(`/api/v1/conversations/${conversationId}`)).json());
      status = detail.messages[1]!.status;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(status, 'aborted');
  });

  it('rejects a bad conversation id and an empty message with 400', async () => {
    const res = await s.api('/api/v1/chat', { json: { message: '   ', conversationId: 'nope' } });
    assert.equal(res.status, 400);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path).sort();
    assert.deepEqual(paths, ['conversationId', 'message']);
  });
});
