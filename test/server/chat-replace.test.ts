import assert from 'node:assert/strict';
import { ChatEvent, ConversationDetail, ConversationSearchResult, ErrorBody } from '../../protocol';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { addCaller } from './principals';
import { readSse, startTestServer, type TestServer } from './harness';

type Start = Extract<ChatEvent, { type: 'start' }>;
type Sent = { role: string; content: string }[];

describe('server: retry and edit-and-resend (ChatRequest.replaceFrom)', () => {
  let s: TestServer;
  // Refused requests fail every attempt of the chain; keep the breaker out of the following tests.
  before(async () => { s = await startTestServer({ modelConfig: { reliability: { circuitFailureThreshold: 1000 } } }); });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  async function turn(json: Record<string, unknown>, answer: string): Promise<Start> {
    s.fake.script({ text: answer });
    const res = await s.api('/api/v1/chat', { json });
    if (res.status !== 200) assert.fail(`chat answered ${res.status}: ${await res.text()}`);
    const { data } = await readSse(res);
    assert.equal(data.at(-1), '[DONE]');
    const start = ChatEvent.parse(JSON.parse(data[0]!));
    assert.equal(start.type, 'start');
    return start as Start;
  }
  const detail = async (id: string) => ConversationDetail.parse(await (await s.api(`/api/v1/conversations/${id}`)).json());
  const found = async (q: string) =>
    ConversationSearchResult.parse(await (await s.api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`)).json()).data;
  const sentUpstream = (): Sent => (s.fake.chatRequests.at(-1)!.body as { messages: Sent }).messages.slice(1);

  it('every start event names the stored question (userMessageId)', async () => {
    const start = await turn({ message: 'plain question' }, 'plain answer');
    const d = await detail(start.conversationId);
    assert.equal(start.userMessageId, d.messages[0]!.id);
    assert.equal(start.messageId, d.messages[1]!.id);
  });

  it('retry replaces the last answer: the history shows the new one only, and search follows', async () => {
    const first = await turn({ message: 'Describe savanna animals' }, 'Zebras have stripes.');
    // Feedback on the answer that is about to be replaced goes with it.
    assert.equal((await s.api(`/api/v1/messages/${first.messageId}/feedback`, { json: { rating: 'down' } })).status, 200);
    assert.equal((await found('zebras')).length, 1);

    const retry = await turn({ conversationId: first.conversationId, replaceFrom: first.userMessageId, message: 'Describe savanna animals' },
      'Giraffes have long necks.');
    assert.equal(retry.conversationId, first.conversationId);
    assert.deepEqual(sentUpstream(), [{ role: 'user', content: 'Describe savanna animals' }], 'the old answer is not sent upstream');
    const d = await detail(first.conversationId);
    assert.equal(d.messageCount, 2);
    assert.deepEqual(d.messages.map((m) => [m.role, m.content]), [['user', 'Describe savanna animals'], ['assistant', 'Giraffes have long necks.']]);
    assert.deepEqual(d.messages.map((m) => m.id), [retry.userMessageId, retry.messageId]);
    assert.equal(d.messages[1]!.feedback, null);

    assert.deepEqual(await found('zebras'), [], 'words only in the deleted answer are no longer found');
    const hits = await found('giraffes');
    assert.deepEqual(hits.map((h) => [h.id, h.messageId]), [[first.conversationId, retry.messageId]]);
    assert.equal((await s.api(`/api/v1/messages/${first.messageId}/feedback`, { json: { rating: 'up' } })).status, 404);
    const orphans = await s.db.execute({ sql: 'SELECT COUNT(*) AS n FROM message_feedback WHERE message_id = ?', args: [first.messageId] });
    assert.equal(Number(orphans.rows[0]!.n), 0);
  });

  it('edit from an earlier question drops it and everything after it, and continues from before it', async () => {
    const one = await turn({ message: 'first question about lions' }, 'Lions roar.');
    const two = await turn({ conversationId: one.conversationId, message: 'second question about hippos' }, 'Hippos wallow.');
    await turn({ conversationId: one.conversationId, message: 'third question about rhinos' }, 'Rhinos charge.');
    assert.equal((await detail(one.conversationId)).messageCount, 6);

    const edited = await turn({ conversationId: one.conversationId, replaceFrom: two.userMessageId, message: 'second question about meerkats' },
      'Meerkats stand guard.');
    assert.deepEqual(sentUpstream().map((m) => m.content), ['first question about lions', 'Lions roar.', 'second question about meerkats']);
    const d = await detail(one.conversationId);
    assert.equal(d.messageCount, 4);
    assert.deepEqual(d.messages.map((m) => m.content),
      ['first question about lions', 'Lions roar.', 'second question about meerkats', 'Meerkats stand guard.']);
    assert.equal(d.messages[2]!.id, edited.userMessageId);
    for (const gone of ['hippos', 'wallow', 'rhinos', 'charge']) assert.deepEqual(await found(gone), [], gone);
    assert.equal((await found('meerkats')).length, 1);
    assert.equal((await found('lions')).length, 1);
    // The external-content index still matches the messages table row for row.
    await s.db.execute(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);

    // A follow-up after the edit builds on the edited history.
    await turn({ conversationId: one.conversationId, message: 'and then?' }, 'The end.');
    assert.deepEqual(sentUpstream().map((m) => m.content).slice(2), ['second question about meerkats', 'Meerkats stand guard.', 'and then?']);
  });

  it('bad replaceFrom ids are refused before the upstream is asked, and leave the conversation unchanged', async () => {
    const a = await turn({ message: 'keep me intact' }, 'Intact answer.');
    const b = await turn({ message: 'another conversation' }, 'Other answer.');
    const stranger = await addCaller(s, 'stan', 'member');
    const theirs = await (async () => {
      s.fake.script({ text: 'theirs' });
      const res = await stranger.api('/api/v1/chat', { json: { message: 'stranger question' } });
      return ChatEvent.parse(JSON.parse((await readSse(res)).data[0]!)) as Start;
    })();
    s.fake.reset();
    const before = await detail(a.conversationId);

    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ replaceFrom: a.messageId }, 400, /is an assistant message; give the id of the user message/],
      [{ replaceFrom: 'no-such-message' }, 404, /replaceFrom: message no-such-message is not in this conversation/],
      [{ replaceFrom: b.userMessageId }, 404, /is not in this conversation/],
      [{ replaceFrom: theirs.userMessageId }, 404, /is not in this conversation/],
    ];
    for (const [extra, status, message] of cases) {
      const res = await s.api('/api/v1/chat', { json: { conversationId: a.conversationId, message: 'replacement', ...extra } });
      const body = ErrorBody.parse(await res.json());
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(body.error.message, message);
    }
    const noConversation = await s.api('/api/v1/chat', { json: { message: 'replacement', replaceFrom: a.userMessageId } });
    assert.equal(noConversation.status, 400);
    assert.match(ErrorBody.parse(await noConversation.json()).error.message, /replaceFrom needs the conversationId/);
    // Someone else's conversation, even with a message id from it, is not found.
    const hijack = await s.api('/api/v1/chat', { json: { conversationId: theirs.conversationId, message: 'x', replaceFrom: theirs.userMessageId } });
    assert.equal(hijack.status, 404);

    assert.equal(s.fake.chatRequests.length, 0, 'the upstream was never asked');
    assert.deepEqual(await detail(a.conversationId), before);
    assert.equal((await stranger.api(`/api/v1/conversations/${theirs.conversationId}`).then((r) => r.json()) as ConversationDetail).messageCount, 2);
  });

  it('a refused upstream (every attempt and fallback fails) leaves the conversation and search as they were', async () => {
    const a = await turn({ message: 'question about pelicans' }, 'Pelicans scoop fish.');
    const before = await detail(a.conversationId);
    s.fake.setDefault({ status: 500 });
    const res = await s.api('/api/v1/chat', { json: { conversationId: a.conversationId, replaceFrom: a.userMessageId, message: 'question about owls' } });
    assert.equal(res.status, 502);
    assert.equal(ErrorBody.parse(await res.json()).error.code, 'upstream_error');
    assert.ok(s.fake.chatRequests.length >= 1, 'the upstream was asked and refused');
    assert.deepEqual(await detail(a.conversationId), before);
    assert.equal((await found('pelicans scoop')).length, 1);
    assert.deepEqual(await found('owls'), []);
  });

  it('the replacement is one transaction: a question that vanished in the meantime changes nothing at all', async () => {
    const repo = new ConversationsRepo(s.db);
    const owner = { userId: 'user_admin', teamId: 'team_default' };
    const id = await repo.create(owner, 'atomic');
    const q1 = await repo.addMessage(owner, id, 'user', 'first question');
    await repo.addMessage(owner, id, 'assistant', 'first answer', { model: 'm' });
    const before = (await detail(id)).messages.map((m) => m.content);
    assert.equal(await repo.startTurn(owner, id, 'replacement', 'm', 'no-such-message'), null);
    assert.deepEqual((await detail(id)).messages.map((m) => m.content), before, 'no question stored, nothing deleted');
    const ids = await repo.startTurn(owner, id, 'replacement', 'm', q1);
    assert.ok(ids);
    assert.deepEqual((await detail(id)).messages.map((m) => [m.id, m.content, m.status]),
      [[ids.userMessageId, 'replacement', 'complete'], [ids.messageId, '', 'streaming']]);
  });
});

