import assert from 'node:assert/strict';
import { InlineCompletionResponse, InlineConfig, type InlineCompletionRequest } from '../../protocol';
import { chatBody, startTestServer, waitForUsageRows, type TestServer } from './harness';

const request = (extra: Partial<InlineCompletionRequest> = {}): InlineCompletionRequest => ({
  prompt: { kind: 'chat', messages: [{ role: 'system', content: 'Fill the hole.' }, { role: 'user', content: 'function add(a, b) {{FILL_HERE}}' }] },
  language: 'typescript',
  filePath: 'src/add.ts',
  ...extra,
});

describe('server: inline completions API', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { inline: { requestsPerMinute: 4 }, chat: { requestsPerMinute: 2 } } } } });
  });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  it('GET /completions/inline/config names the fast inline model and the chat prompt style (Groq has no FIM)', async () => {
    const config = InlineConfig.parse(await (await s.api('/api/v1/completions/inline/config')).json());
    assert.equal(config.model, 'llama-3.1-8b-instant');
    assert.equal(config.promptStyle, 'chat');
    assert.ok(config.maxPromptTokens > 0 && config.maxCompletionTokens > 0);
  });

  it('answers with the upstream completion, from the inline model, and records an inline usage row', async () => {
    await s.db.execute('DELETE FROM usage_records');
    s.fake.script({ text: '<COMPLETION>return a + b;</COMPLETION>' });
    const res = await s.api('/api/v1/completions/inline', { json: request({ stop: ['\n\n'] }) });
    assert.equal(res.status, 200);
    const body = InlineCompletionResponse.parse(await res.json());
    assert.equal(body.completion, '<COMPLETION>return a + b;</COMPLETION>', 'post-processing is the extension\'s job');
    assert.equal(body.model, 'llama-3.1-8b-instant');
    const sent = s.fake.chatRequests[0]!.body as Record<string, unknown>;
    assert.equal(sent.model, 'llama-3.1-8b-instant');
    assert.equal(sent.stream, false);
    assert.deepEqual(sent.stop, ['\n\n']);
    assert.ok(Number(sent.max_tokens) <= 256);
    const [row] = await waitForUsageRows(s.db, 1);
    assert.equal(row!.task, 'inline');
    assert.ok(res.headers.get('x-churnistic-overhead-ms'));
  });

  it('a FIM prompt for a chat-style model is a 400 that says which style to use', async () => {
    const res = await s.api('/api/v1/completions/inline', { json: request({ prompt: { kind: 'fim', prompt: 'a', suffix: 'b' } }) });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, 'prompt_style_mismatch');
    assert.equal(s.fake.chatRequests.length, 0);
  });

  it('a client that gives up (the user typed on) aborts the upstream request', async () => {
    s.fake.script({ text: 'slow', firstTokenDelayMs: 5_000 });
    const controller = new AbortController();
    const pending = s.api('/api/v1/completions/inline', { json: request(), signal: controller.signal }).catch((e) => e);
    await s.fake.waitForRequests(1, 5000);
    controller.abort();
    await s.fake.waitForDisconnect(5000);
    assert.equal((await pending).name, 'AbortError');
  });

  it('has its own rate budget: heavy typing gets 429 on inline, never on chat', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await s.api('/api/v1/completions/inline', { json: request() });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(statuses.includes(429), `no 429 among ${statuses}`);
    assert.ok(Number(limited!.headers.get('retry-after')) >= 1);
    assert.equal(limited!.headers.get('x-ratelimit-limit-requests'), '4');
    assert.equal(limited!.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal((await limited!.json()).error.code, 'rate_limited');

    const chat = await s.api('/v1/chat/completions', { json: chatBody('still allowed') });
    assert.equal(chat.status, 200, 'chat has a budget of its own');
    assert.equal(chat.headers.get('x-ratelimit-limit-requests'), '2');
  });

  it('stores batched shown/accepted/dismissed events and reports the acceptance rate', async () => {
    const at = new Date().toISOString();
    const res = await s.api('/api/v1/completions/events', {
      json: {
        events: [
          { completionId: 'c1', type: 'shown', language: 'typescript', shownChars: 12, at },
          { completionId: 'c1', type: 'accepted', language: 'typescript', acceptedChars: 12, at },
          { completionId: 'c2', type: 'shown', language: 'python', shownChars: 5, at },
          { completionId: 'c2', type: 'dismissed', language: 'python', at },
        ],
      },
    });
    assert.equal(res.status, 202);
    const stats = await (await s.api('/api/v1/completions/stats')).json();
    assert.equal(stats.shown, 2);
    assert.equal(stats.accepted, 1);
    assert.equal(stats.dismissed, 1);
    assert.equal(stats.acceptanceRate, 0.5);
    assert.deepEqual(stats.byLanguage.python, { shown: 1, accepted: 0 });
  });

  it('rejects a malformed event batch with 400 naming the field, and stores none of it', async () => {
    const res = await s.api('/api/v1/completions/events', {
      json: { events: [{ completionId: 'c9', type: 'shown', language: 'go', at: new Date().toISOString() }, { completionId: 'c9', type: 'clicked', language: 'go', at: 'yesterday' }] },
    });
    assert.equal(res.status, 400);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path).sort();
    assert.deepEqual(paths, ['events.1.at', 'events.1.type']);
    const n = (await s.db.execute(`SELECT COUNT(*) AS n FROM inline_events WHERE completion_id = 'c9'`)).rows[0]!.n;
    assert.equal(Number(n), 0);
  });
});
