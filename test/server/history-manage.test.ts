import assert from 'node:assert/strict';
import {
  ConversationDetail, ConversationExport, ConversationList, ConversationSummary, FeedbackRecord,
} from '../../protocol';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { startTestServer, type TestServer } from './harness';
import { addUser, json, seed, type TestUser } from './history-fixtures';

describe('server: history rename, delete, export/import, feedback', () => {
  let s: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    s = await startTestServer();
    alice = await addUser(s, 'user_alice');
    bob = await addUser(s, 'user_bob');
  });
  after(async () => { await s.close(); });

  const detail = async (user: TestUser, id: string) => ConversationDetail.parse(await json(await user.api(`/api/v1/conversations/${id}`)));

  it('renames without moving the conversation in the list; rejects empty titles', async () => {
    const older = await seed(s, alice.owner, 'Older', [['user', 'q']]);
    const newer = await seed(s, alice.owner, 'Newer', [['user', 'q']]);
    const before = await detail(alice, older.id);
    const renamed = ConversationSummary.parse(await json(await alice.api(`/api/v1/conversations/${older.id}`, { method: 'PATCH', json: { title: '  Better title  ' } })));
    assert.equal(renamed.title, 'Better title');
    assert.equal(renamed.updatedAt, before.updatedAt, 'renaming is not activity');
    const list = (await json<ConversationList>(await alice.api('/api/v1/conversations'))).data;
    assert.deepEqual(list.slice(0, 2).map((c) => c.id), [newer.id, older.id]);
    for (const title of ['', '   ', 'x'.repeat(201)]) {
      assert.equal((await alice.api(`/api/v1/conversations/${older.id}`, { method: 'PATCH', json: { title } })).status, 400);
    }
  });

  it('delete removes the conversation, its messages, their feedback and their search rows', async () => {
    const c = await seed(s, alice.owner, 'Doomed albatross', [['user', 'albatross question'], ['assistant', 'albatross answer']]);
    await json(await alice.api(`/api/v1/messages/${c.messageIds[1]}/feedback`, { json: { rating: 'up' } }));
    assert.equal((await alice.api(`/api/v1/conversations/${c.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await alice.api(`/api/v1/conversations/${c.id}`)).status, 404);
    assert.equal((await alice.api(`/api/v1/conversations/${c.id}`, { method: 'DELETE' })).status, 404, 'a second delete finds nothing');
    const count = async (sql: string) => Number((await s.db.execute({ sql, args: [c.id] })).rows[0]!.n);
    assert.equal(await count('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?'), 0);
    assert.equal(await count(`SELECT COUNT(*) AS n FROM message_feedback WHERE message_id IN (${c.messageIds.map((id) => `'${id}'`).join(', ')}) AND ? IS NOT NULL`), 0);
    assert.equal(await count(`SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'albatross' AND ? IS NOT NULL`), 0);
    assert.equal(await count(`SELECT COUNT(*) AS n FROM conversations_fts WHERE conversations_fts MATCH 'albatross' AND ? IS NOT NULL`), 0);
  });

  it('exports JSON and Markdown as downloads; export → import → export keeps everything but ids and exportedAt', async () => {
    const repo = new ConversationsRepo(s.db);
    const c = await seed(s, alice.owner, 'Résumé: parser "bugs" / edge cases', [
      ['user', 'Why does `parse("")` throw?\n\n```ts\nparse("")\n```'], ['assistant', '# Because\n\nThe empty string has no tokens.'],
    ]);
    await repo.finishMessage(c.messageIds[1]!, { content: '# Because\n\nThe empty string has no tokens.', status: 'complete', promptTokens: 12, completionTokens: 9, latencyMs: 321 });
    await json(await alice.api(`/api/v1/messages/${c.messageIds[1]}/feedback`, { json: { rating: 'down', comment: 'too short' } }));

    const res = await alice.api(`/api/v1/conversations/${c.id}/export?format=json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename=resume-parser-bugs-edge-cases-${c.id.slice(0, 8)}.json`);
    const exported = ConversationExport.parse(await res.json());
    assert.equal(exported.conversation.messages.length, 2);
    assert.deepEqual(exported.conversation.messages[1]!.feedback, { rating: 'down', comment: 'too short' });

    const imported = ConversationSummary.parse(await json(await alice.api('/api/v1/conversations/import', { json: exported }), 201));
    assert.notEqual(imported.id, c.id);
    assert.equal(imported.messageCount, 2);
    const again = ConversationExport.parse(await json(await alice.api(`/api/v1/conversations/${imported.id}/export`)));
    const strip = (e: ConversationExport) => ({ ...e, exportedAt: undefined,
      conversation: { ...e.conversation, id: undefined, messages: e.conversation.messages.map((m) => ({ ...m, id: undefined })) } });
    assert.deepEqual(strip(again), strip(exported));
    assert.notDeepEqual(again.conversation.messages.map((m) => m.id), exported.conversation.messages.map((m) => m.id));
    // The copy is a conversation like any other: searchable, rateable.
    const found = await json<{ data: { id: string }[] }>(await alice.api('/api/v1/conversations/search?q=empty%20string'));
    assert.ok(found.data.some((h) => h.id === imported.id));

    const md = await alice.api(`/api/v1/conversations/${c.id}/export?format=md`);
    assert.equal(md.status, 200);
    assert.match(md.headers.get('content-type')!, /^text\/markdown; charset=utf-8/);
    assert.equal(md.headers.get('content-disposition'), `attachment; filename=resume-parser-bugs-edge-cases-${c.id.slice(0, 8)}.md`);
    const text = await md.text();
    assert.ok(text.startsWith('# Résumé: parser "bugs" / edge cases\n'), text);
    assert.match(text, /## You\n\n_[^_]+_\n\nWhy does `parse\(""\)` throw\?\n\n```ts\nparse\(""\)\n```/);
    assert.match(text, /## Assistant\n\n_.*test-model · 12 \+ 9 tokens · 321 ms · rated 👎 "too short"_\n\n# Because/);

    assert.equal((await alice.api(`/api/v1/conversations/${c.id}/export?format=pdf`)).status, 400);
  });

  it('rejects imports that are not a Churnistic export, and stores nothing from them', async () => {
    const count = async () => (await json<ConversationList>(await alice.api('/api/v1/conversations?limit=200'))).data.length;
    const n = await count();
    const valid = { format: 'churnistic.conversation', version: 1, conversation: { title: 't', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', messages: [] } };
    for (const body of [{}, { ...valid, version: 2 }, { ...valid, format: 'other' },
      { ...valid, conversation: { ...valid.conversation, createdAt: 'yesterday' } },
      { ...valid, conversation: { ...valid.conversation, messages: [{ role: 'hacker', content: 'x' }] } }]) {
      const res = await alice.api('/api/v1/conversations/import', { json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal(await count(), n);
    const ok = ConversationSummary.parse(await json(await alice.api('/api/v1/conversations/import', { json: valid }), 201));
    assert.equal(ok.messageCount, 0);
  });

  it('feedback: stored once per user and message (latest wins), returned with the messages, only on own answers', async () => {
    const c = await seed(s, alice.owner, 'Rate me', [['user', 'q'], ['assistant', 'a'], ['user', 'q2'], ['assistant', 'a2']]);
    const [question, answer, , answer2] = c.messageIds as [string, string, string, string];
    const first = FeedbackRecord.parse(await json(await alice.api(`/api/v1/messages/${answer}/feedback`, { json: { rating: 'up', comment: 'great' } })));
    assert.deepEqual([first.messageId, first.rating, first.comment], [answer, 'up', 'great']);
    const second = FeedbackRecord.parse(await json(await alice.api(`/api/v1/messages/${answer}/feedback`, { json: { rating: 'down' } })));
    assert.deepEqual([second.rating, second.comment], ['down', null]);
    const rows = await s.db.execute({ sql: 'SELECT COUNT(*) AS n FROM message_feedback WHERE message_id = ?', args: [answer] });
    assert.equal(Number(rows.rows[0]!.n), 1, 'one row per user per message');

    const messages = (await detail(alice, c.id)).messages;
    assert.deepEqual(messages.map((m) => m.feedback?.rating ?? null), [null, 'down', null, null]);
    assert.equal(messages[1]!.feedback!.updatedAt, second.updatedAt);

    const onQuestion = await alice.api(`/api/v1/messages/${question}/feedback`, { json: { rating: 'up' } });
    assert.equal(onQuestion.status, 400, 'only assistant messages are rated');
    assert.equal((await bob.api(`/api/v1/messages/${answer2}/feedback`, { json: { rating: 'down' } })).status, 404, 'not on someone else\'s answer');
    assert.equal((await alice.api('/api/v1/messages/no-such-message/feedback', { json: { rating: 'up' } })).status, 404);
    for (const body of [{}, { rating: 'meh' }, { rating: 'up', comment: 'x'.repeat(2001) }]) {
      assert.equal((await alice.api(`/api/v1/messages/${answer2}/feedback`, { json: body })).status, 400, JSON.stringify(body));
    }

    assert.equal((await alice.api(`/api/v1/messages/${answer}/feedback`, { method: 'DELETE' })).status, 204);
    assert.equal((await detail(alice, c.id)).messages[1]!.feedback, null);
    assert.equal((await bob.api(`/api/v1/messages/${answer}/feedback`, { method: 'DELETE' })).status, 404);
  });

  it('another user\'s conversation is 404 for every route, and changes nothing', async () => {
    const c = await seed(s, alice.owner, 'Private narwhal plans', [['user', 'narwhal question'], ['assistant', 'narwhal answer']]);
    const attempts: [string, RequestInit & { json?: unknown }][] = [
      [`/api/v1/conversations/${c.id}`, {}],
      [`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { title: 'stolen' } }],
      [`/api/v1/conversations/${c.id}`, { method: 'DELETE' }],
      [`/api/v1/conversations/${c.id}/export?format=json`, {}],
      [`/api/v1/conversations/${c.id}/export?format=md`, {}],
      [`/api/v1/messages/${c.messageIds[1]}/feedback`, { json: { rating: 'down' } }],
      [`/api/v1/messages/${c.messageIds[1]}/feedback`, { method: 'DELETE' }],
    ];
    for (const [path, init] of attempts) {
      const res = await bob.api(path, init);
      assert.equal(res.status, 404, `${init.method ?? (init.json ? 'POST' : 'GET')} ${path}`);
      assert.equal((await res.json()).error.code, 'not_found');
    }
    assert.deepEqual((await json<{ data: unknown[] }>(await bob.api('/api/v1/conversations/search?q=narwhal'))).data, []);
    assert.deepEqual((await json<ConversationList>(await bob.api('/api/v1/conversations'))).data, []);
    const mine = await detail(alice, c.id);
    assert.equal(mine.title, 'Private narwhal plans');
    assert.equal(mine.messages[1]!.feedback, null);
  });
});
