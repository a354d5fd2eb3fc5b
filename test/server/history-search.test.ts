import assert from 'node:assert/strict';
import { ConversationSearchResult } from '../../protocol';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { startTestServer, type TestServer } from './harness';
import { addUser, json, seed, type TestUser } from './history-fixtures';

const FILLER = [
  'How do I read a file line by line in Python?', 'Explain the difference between let and const.',
  'Why does my React component render twice?', 'Write a SQL query that counts orders per customer.',
  'What is a good way to structure a Go project?', 'How can I speed up this loop over a large array?',
  'Show me how to mock a fetch call in a unit test.', 'What does the borrow checker complain about here?',
];

describe('server: history search (GET /api/v1/conversations/search)', () => {
  let s: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const search = async (user: TestUser, q: string, extra = '') =>
    ConversationSearchResult.parse(await json(await user.api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}${extra}`))).data;

  before(async () => {
    s = await startTestServer();
    alice = await addUser(s, 'user_alice');
    bob = await addUser(s, 'user_bob');
    // Enough unrelated history that the test words are rare, as words one searches for are.
    for (let i = 0; i < 40; i++) {
      await seed(s, i % 2 ? alice.owner : bob.owner, FILLER[i % FILLER.length]!, [
        ['user', FILLER[(i + 3) % FILLER.length]!], ['assistant', `${FILLER[(i + 5) % FILLER.length]} Here is an answer number ${i}.`],
      ]);
    }
  });
  after(async () => { await s.close(); });

  it('a title match ranks above a body match', async () => {
    const body = await seed(s, alice.owner, 'Routing traffic between services', [
      ['user', 'My kubernetes cluster drops requests between two services, how do I route traffic properly?'],
      ['assistant', 'Check the service selectors and the ports of each deployment.'],
    ]);
    const title = await seed(s, alice.owner, 'Kubernetes ingress', [
      ['user', 'How do I expose two services on one host name?'], ['assistant', 'Use an ingress with two path rules.'],
    ]);
    const hits = await search(alice, 'kubernetes');
    assert.deepEqual(hits.map((h) => h.id), [title.id, body.id]);
    assert.ok(hits[0]!.score > hits[1]!.score);
    // Only the title matched: the snippet is the highlighted title.
    assert.equal(hits[0]!.messageId, null);
    assert.equal(hits[0]!.snippet.text, 'Kubernetes ingress');
    assert.deepEqual(hits[0]!.snippet.highlights, [{ start: 0, end: 10 }]);
    // The body match points at its message, with the word highlighted in the snippet.
    assert.equal(hits[1]!.messageId, body.messageIds[0]);
    const { text, highlights } = hits[1]!.snippet;
    assert.deepEqual(highlights.map((h) => text.slice(h.start, h.end)), ['kubernetes']);
  });

  it('more matching messages rank higher', async () => {
    const once = await seed(s, alice.owner, 'Airship notes', [
      ['user', 'Tell me about the zeppelin and its history.'], ['assistant', 'Airships were used for travel.'],
      ['user', 'And how were they built?'], ['assistant', 'With a rigid frame and gas cells.'],
    ]);
    const thrice = await seed(s, alice.owner, 'Airship questions', [
      ['user', 'Tell me about the zeppelin and its history.'], ['assistant', 'The zeppelin was a rigid airship.'],
      ['user', 'Why did the zeppelin era end?'], ['assistant', 'Airplanes became faster.'],
    ]);
    const hits = await search(alice, 'zeppelin');
    assert.deepEqual(hits.map((h) => h.id), [thrice.id, once.id]);
  });

  it('a conversation with hundreds of matching messages ranks first without crowding out the others', async () => {
    const big = await seed(s, alice.owner, 'Marine mammals', Array.from({ length: 400 }, (_, i) => [
      i % 2 ? 'assistant' : 'user', `Walrus fact number ${i}: tusks, whiskers and blubber.`] as ['user' | 'assistant', string]));
    const small = [];
    for (let i = 0; i < 3; i++) small.push((await seed(s, alice.owner, `Zoo visit ${i}`, [['user', `We saw a walrus and ${i} seals.`]])).id);
    const hits = await search(alice, 'walrus');
    assert.equal(hits[0]!.id, big.id);
    assert.deepEqual(hits.slice(1).map((h) => h.id).sort(), [...small].sort());
  });

  it('matches stems, prefixes and phrases; every word must occur', async () => {
    const c = await seed(s, alice.owner, 'Release checklist', [
      ['user', 'We are refurbishing the blue whale exhibit on Friday.'], ['assistant', 'Then plan the refurbishment for Thursday.'],
    ]);
    const ids = async (q: string) => (await search(alice, q)).map((h) => h.id);
    assert.deepEqual(await ids('refurbishments'), [c.id], 'porter stemming: refurbishments ~ refurbishing ~ refurbishment');
    assert.deepEqual(await ids('whal*'), [c.id], 'prefix');
    assert.deepEqual(await ids('"blue whale"'), [c.id], 'phrase');
    assert.deepEqual(await ids('"whale blue"'), [], 'a phrase keeps its word order');
    assert.deepEqual(await ids('whale friday'), [c.id]);
    assert.deepEqual(await ids('whale saturday'), [], 'every word must occur');
    assert.deepEqual(await ids('w*'), [], 'a one-letter prefix is just the word "w"');
  });

  it('never shows another user\'s conversations', async () => {
    const secret = await seed(s, bob.owner, 'Quarterly numbers', [['user', 'The confidential merger codename is bluebird.']]);
    assert.deepEqual((await search(bob, 'bluebird')).map((h) => h.id), [secret.id]);
    assert.deepEqual(await search(alice, 'bluebird'), []);
    assert.deepEqual(await search(alice, 'quarterly'), []);
    // Even when both have the word, each sees only their own.
    const mine = await seed(s, alice.owner, 'Birds', [['user', 'A bluebird sat on the fence.']]);
    assert.deepEqual((await search(alice, 'bluebird')).map((h) => h.id), [mine.id]);
    assert.deepEqual((await search(bob, 'bluebird')).map((h) => h.id), [secret.id]);
    const carol = await addUser(s, 'user_carol'); // has never stored anything
    assert.deepEqual(await search(carol, 'bluebird'), []);
  });

  it('hostile or garbled queries answer 200 (or 400 for an empty or oversized q), never 500, and never leak', async () => {
    await seed(s, bob.owner, 'Bob only', [['user', 'secret content with password hunter2']]);
    const queries = ['"', '""', '"""', '*', '**', 'AND', 'OR OR', 'NOT secret', 'secret NOT', 'a:b', 'content:secret',
      'content : secret', 'title: secret', '{content}: secret', 'rowid:1', 'NEAR(secret password)', 'NEAR(a b, 1)', '(((', ')',
      '^secret', 'secret^', '-secret', '+secret', "'; DROP TABLE messages; --", 'x\u0000y', '\u0001\u0002\u0003', '🦀🦀',
      'x*y*', '*secret', 'secret**', '"unterminated phrase', 'a"b"c', '\\', '%_%', 'e\u0301', 'ＳＥＣＲＥＴ', 'secret OR 1=1',
      'hunter2', 'password*', 'x'.repeat(500), Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')];
    for (const q of queries) {
      const res = await alice.api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`);
      const text = await res.text();
      assert.equal(res.status, 200, `${JSON.stringify(q)} → ${res.status} ${text}`);
      const { data } = ConversationSearchResult.parse(JSON.parse(text));
      assert.ok(!data.some((h) => h.title === 'Bob only'), `${JSON.stringify(q)} leaked Bob's conversation`);
    }
    for (const q of ['', '   ', 'x'.repeat(501)]) {
      const res = await alice.api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 400, JSON.stringify(q));
      assert.equal((await res.json()).error.code, 'bad_request');
    }
    assert.equal((await alice.api('/api/v1/conversations/search')).status, 400);
    assert.equal((await alice.api('/api/v1/conversations/search?q=x&limit=51')).status, 400);
  });

  it('the index follows renames, streamed answers and deletes', async () => {
    const repo = new ConversationsRepo(s.db);
    const c = await seed(s, alice.owner, 'Untitled', [['user', 'Question about gravel bikes']]);
    const ids = async (q: string) => (await search(alice, q)).map((h) => h.id);
    assert.equal((await json(await alice.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { title: 'Cyclocross tyres' } }))) !== null, true);
    assert.deepEqual(await ids('cyclocross'), [c.id]);
    assert.deepEqual(await ids('untitled'), []);

    // A streamed answer is stored empty, then finished: the index holds the final text only.
    const answer = await repo.addMessage(alice.owner, c.id, 'assistant', '', { status: 'streaming' });
    await repo.finishMessage(answer, { content: 'Tubeless tyres at low pressure grip best.', status: 'complete' });
    const hits = await search(alice, 'tubeless');
    assert.deepEqual(hits.map((h) => [h.id, h.messageId]), [[c.id, answer]]);

    assert.equal((await alice.api(`/api/v1/conversations/${c.id}`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await ids('tubeless'), []);
    assert.deepEqual(await ids('cyclocross'), []);
    const fts = await s.db.execute({ sql: `SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'tubeless OR gravel'` });
    assert.equal(Number(fts.rows[0]!.n), 0, 'no index rows left for the deleted messages');
    await s.db.execute(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    await s.db.execute(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`);
  });

  it('limit caps the number of conversations', async () => {
    for (let i = 0; i < 4; i++) await seed(s, alice.owner, `Pelican ${i}`, [['user', 'pelican facts']]);
    assert.equal((await search(alice, 'pelican', '&limit=3')).length, 3);
    assert.equal((await search(alice, 'pelican')).length, 4);
  });
});
