// Context management end to end: a model with a tiny window, a conversation longer than it, and
// the fake upstream recording what was really sent. The `context` event must describe exactly that.
import assert from 'node:assert/strict';
import { ChatEvent, type ContextReport } from '../../protocol';
import { TokenCounters } from '../../server/src/domain/context-window/counter';
import { TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from '../../server/src/domain/context-window/families';
import { readSse, startTestServer, type TestServer } from './harness';

type Sent = { role: string; content: string }[];
const WINDOW = 1200;
const MODEL = 'tiny-llama';
const events = (data: string[]) => data.filter((d) => d !== '[DONE]').map((d) => ChatEvent.parse(JSON.parse(d)));
const words = (prefix: string, n: number) => `${prefix} ${Array.from({ length: n - 1 }, (_, i) => `w${i}`).join(' ')}`;

describe('server: context window fitting (/api/v1/chat)', () => {
  let s: TestServer;
  // The server counts with the counter of the model's family; recount with the same one.
  const counter = new TokenCounters().forModel('llama-3.1-8b-instant');
  const recount = (messages: Sent) => TOKENS_PER_REQUEST + messages.reduce((n, m) => n + counter.count(m.content) + TOKENS_PER_MESSAGE, 0);

  before(async () => {
    s = await startTestServer({
      modelConfig: {
        models: [{ id: MODEL, provider: 'groq', upstreamModel: 'llama-3.1-8b-instant', tasks: ['chat'], contextWindow: WINDOW }],
        reliability: { circuitFailureThreshold: 1000 },
      },
    });
  });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  async function ask(body: Record<string, unknown>) {
    const res = await s.api('/api/v1/chat', { json: { model: MODEL, ...body } });
    if (res.status !== 200) assert.fail(`chat answered ${res.status}: ${await res.text()}`);
    const evs = events((await readSse(res)).data);
    const start = evs[0] as Extract<ChatEvent, { type: 'start' }>;
    assert.equal(start.type, 'start');
    assert.equal(evs[1]!.type, 'context', 'the context event comes right after start');
    const report = evs[1] as ContextReport & { type: 'context' };
    const sent = (s.fake.chatRequests.at(-1)!.body as { messages: Sent }).messages;
    return { start, report, sent, body: s.fake.chatRequests.at(-1)!.body as Record<string, unknown> };
  }

  it('a conversation longer than the window: keeps the newest turns, drops the oldest, and says so with the numbers sent', async () => {
    s.fake.setDefault({ text: words('answer', 70) });
    let conversationId: string | undefined;
    const reports: ContextReport[] = [];
    for (let turn = 0; turn < 8; turn++) {
      const { start, report, sent } = await ask({ message: words(`question${turn}`, 50), ...(conversationId ? { conversationId } : {}) });
      conversationId = start.conversationId;
      reports.push(report);
      // The event describes exactly what went upstream.
      assert.equal(report.promptTokens, recount(sent), `turn ${turn}`);
      assert.equal(report.keptMessages, sent.length - 2);
      assert.equal(report.keptMessages + report.dropped.messages, 2 * turn);
      assert.ok(report.promptTokens <= WINDOW - report.completionReserve);
    }
    assert.equal(reports[0]!.dropped.messages, 0);
    const last = reports.at(-1)!;
    assert.ok(last.dropped.messages >= 6, `dropped ${last.dropped.messages}`);
    assert.ok(last.keptMessages >= 2, `kept ${last.keptMessages}`);
    assert.equal(last.contextWindow, WINDOW);
    assert.equal(last.completionReserve, WINDOW / 4);
    assert.equal(last.tokenizer, counter.name);

    // What was sent: the system prompt with a note, the newest stored messages in order, the question.
    const sent = (s.fake.chatRequests.at(-1)!.body as { messages: Sent }).messages;
    // The seven earlier turns as stored (each question and the fake's answer), oldest first.
    const previous = Array.from({ length: 7 }, (_, t) => [
      { role: 'user', content: words(`question${t}`, 50) }, { role: 'assistant', content: words('answer', 70) }]).flat();
    assert.deepEqual(sent.slice(1, -1), previous.slice(14 - last.keptMessages));
    assert.equal(sent.at(-1)!.content, words('question7', 50));
    assert.equal(last.summarized, true);
    assert.match(sent[0]!.content, new RegExp(`Note: the ${last.dropped.messages} earliest messages of this conversation were left out`));
    assert.match(sent[0]!.content, /"question0 w0 w1 w2/);
  });

  it('shortens an attachment that does not fit, keeping its head and tail around a marker, and reports it', async () => {
    s.fake.script({ text: 'Looked at it.' });
    const code = Array.from({ length: 2000 }, (_, i) => `export const value${i} = ${i};`).join('\n');
    const { report, sent } = await ask({ message: 'What does this file do?', context: [{ fileName: 'src/values.ts', language: 'typescript', code }] });
    assert.equal(report.truncated.length, 1);
    const { fileName, totalLines, keptLines } = report.truncated[0]!;
    assert.deepEqual([fileName, totalLines], ['src/values.ts', 2000]);
    assert.ok(keptLines > 0 && keptLines < 2000);
    const turn = sent.at(-1)!.content;
    const block = turn.split('\n').slice(2, -3); // between the header + fence and the closing fence + question
    assert.equal(block.length, keptLines + 1, 'the kept lines and one marker line');
    assert.ok(block.includes(`[… ${(2000 - keptLines).toLocaleString('en-US')} lines cut here (lines ${Math.ceil(keptLines / 2) + 1}–${2000 - Math.floor(keptLines / 2)}) to fit the model's context window …]`));
    assert.equal(block[0], 'export const value0 = 0;');
    assert.equal(block.at(-1), 'export const value1999 = 1999;');
    assert.ok(turn.endsWith('What does this file do?'));
    assert.equal(report.promptTokens, recount(sent));
  });

  it('honours maxTokens: it is reserved and sent upstream as max_tokens', async () => {
    s.fake.script({ text: 'ok' });
    const { report, body } = await ask({ message: 'short question', maxTokens: 500 });
    assert.equal(report.completionReserve, 500);
    assert.equal(body.max_tokens, 500);
  });

  it('a question that alone does not fit is refused with 400 context_length_exceeded: nothing sent, nothing stored', async () => {
    const conversations = async () => Number((await s.db.execute('SELECT COUNT(*) AS n FROM conversations')).rows[0]!.n);
    const before = await conversations();
    const res = await s.api('/api/v1/chat', { json: { model: MODEL, message: words('long', 3000) } });
    assert.equal(res.status, 400);
    const body = await res.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'context_length_exceeded');
    assert.match(body.error.message, /context window of 1,200 tokens/);
    assert.equal(s.fake.chatRequests.length, 0);
    assert.equal(await conversations(), before);
  });
});
