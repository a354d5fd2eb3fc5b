import assert from 'node:assert/strict';
import { chatBody, readSse, startTestServer, waitForUsageRows, type TestServer } from './harness';

/** The value of one series in Prometheus text, or 0 when it does not exist yet. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`) && !l.startsWith(`${name} `)) return false;
    const inner = l.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    const have = inner.split(/,(?=\w+=")/);
    return wanted.every((w) => have.includes(w));
  });
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('server: usage metrics on /metrics (tokens, cost, latency, time to first token)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      modelConfig: { models: [{ id: 'pricey', provider: 'groq', tasks: ['chat', 'inline', 'review'],
        prices: { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } }],
      // One attempt per model, so a scripted 500 reaches the client (retries are tested elsewhere).
      reliability: { maxAttemptsPerModel: 1 } },
    });
  });
  after(async () => { await s.close(); });
  const scrape = async () => {
    const res = await s.api('/metrics');
    assert.equal(res.status, 200);
    return res.text();
  };

  it('a non-streamed gateway call moves the cost, token, request and latency series', async () => {
    const before = await scrape();
    s.fake.script({ text: 'ok', usage: { prompt_tokens: 3, completion_tokens: 2 } });
    assert.equal((await s.api('/v1/chat/completions', { json: chatBody('hi', { model: 'pricey' }) })).status, 200);
    await waitForUsageRows(s.db, 1);
    const after = await scrape();
    const cost = { provider: 'groq', model: 'pricey', task: 'gateway' };
    assert.equal(metric(after, 'churnistic_llm_cost_usd_total', cost) - metric(before, 'churnistic_llm_cost_usd_total', cost), 3 + 2 * 2);
    assert.equal(metric(after, 'churnistic_llm_tokens_total', { model: 'pricey', kind: 'prompt' })
      - metric(before, 'churnistic_llm_tokens_total', { model: 'pricey', kind: 'prompt' }), 3);
    assert.equal(metric(after, 'churnistic_llm_tokens_total', { model: 'pricey', kind: 'completion' })
      - metric(before, 'churnistic_llm_tokens_total', { model: 'pricey', kind: 'completion' }), 2);
    assert.equal(metric(after, 'churnistic_llm_requests_total', { ...cost, status: 'ok' }), 1);
    assert.equal(metric(after, 'churnistic_llm_request_duration_seconds_count', { ...cost, status: 'ok' }), 1);
    assert.match(after, /# TYPE churnistic_llm_cost_usd_total counter/);
    assert.ok(metric(after, 'churnistic_http_request_duration_seconds_count', { method: 'POST', route: '/v1/chat/completions' }) >= 1);
  });

  it('the chat panel stream and inline completions are counted under their own task, with time to first token', async () => {
    const before = await scrape();
    s.fake.script([
      { chunks: ['a ', 'b'], usage: { prompt_tokens: 4, completion_tokens: 1 } },
      { text: 'x', usage: { prompt_tokens: 1, completion_tokens: 1 } },
    ]);
    const chat = await s.api('/api/v1/chat', { json: { message: 'hello', model: 'pricey' } });
    assert.equal(chat.status, 200);
    assert.equal((await readSse(chat)).data.at(-1), '[DONE]');
    const inline = await s.api('/api/v1/completions/inline', { json: {
      prompt: { kind: 'chat', messages: [{ role: 'user', content: 'fill' }] }, language: 'typescript',
    } });
    assert.equal(inline.status, 200, await inline.clone().text());
    await waitForUsageRows(s.db, 3);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => metric(after, name, labels) - metric(before, name, labels);
    assert.equal(delta('churnistic_llm_cost_usd_total', { model: 'pricey', task: 'chat' }), 4 + 1 * 2);
    assert.equal(delta('churnistic_llm_cost_usd_total', { model: 'pricey', task: 'inline' }), 1 + 1 * 2);
    assert.equal(delta('churnistic_llm_request_duration_seconds_count', { task: 'inline', status: 'ok' }), 1);
    assert.equal(delta('churnistic_llm_time_to_first_token_seconds_count', { provider: 'groq', model: 'pricey' }), 1,
      'the stream observed its time to first token; the non-streamed inline call has none');
  });

  it('a failed call is counted with its status and costs nothing', async () => {
    const before = await scrape();
    s.fake.script({ status: 500 });
    assert.equal((await s.api('/v1/chat/completions', { json: chatBody('hi', { model: 'pricey' }) })).status, 502);
    await waitForUsageRows(s.db, 4);
    const after = await scrape();
    const labels = { provider: 'groq', model: 'pricey', task: 'gateway' };
    assert.equal(metric(after, 'churnistic_llm_requests_total', { ...labels, status: 'error' })
      - metric(before, 'churnistic_llm_requests_total', { ...labels, status: 'error' }), 1);
    assert.equal(metric(after, 'churnistic_llm_request_duration_seconds_count', { ...labels, status: 'error' }), 1);
    assert.equal(metric(after, 'churnistic_llm_cost_usd_total', labels), metric(before, 'churnistic_llm_cost_usd_total', labels));
  });
});
