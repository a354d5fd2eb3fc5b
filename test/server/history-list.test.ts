import assert from 'node:assert/strict';
import { ConversationDetail, ConversationList, type ConversationExport } from '../../protocol';
import { ConversationsImporter } from '../../server/src/data/conversations-import';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { startTestServer, type TestServer } from './harness';
import { addUser, json, seed, type TestUser } from './history-fixtures';

describe('server: history list (GET /api/v1/conversations) and opening a conversation', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  async function walk(user: TestUser, limit: number, between: (page: number) => Promise<void>) {
    const pages: ConversationList[] = [];
    let cursor: string | undefined;
    do {
      const page = await json<ConversationList>(await user.api(`/api/v1/conversations?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
      ConversationList.parse(page);
      pages.push(page);
      cursor = page.nextCursor;
      if (cursor) await between(pages.length);
    } while (cursor);
    return pages;
  }

  it('pages stay stable while conversations are created and continued between fetches: no duplicates, no gaps', async () => {
    const user = await addUser(s, 'user_pager');
    const repo = new ConversationsRepo(s.db);
    const existing: string[] = [];
    for (let i = 0; i < 23; i++) existing.push((await seed(s, user.owner, `existing ${i}`, [['user', `question ${i}`]])).id);
    const expectedOrder = (await json<ConversationList>(await user.api('/api/v1/conversations?limit=200'))).data.map((c) => c.id);
    assert.deepEqual([...expectedOrder].sort(), [...existing].sort());

    const created: string[] = [];
    const pages = await walk(user, 4, async (page) => {
      // A brand-new conversation, a message in one not listed yet (it jumps to the top of the real
      // order) and one in a conversation already listed, a rename: all between two page fetches.
      created.push((await seed(s, user.owner, `created after page ${page}`, [['user', 'new']])).id);
      await repo.addMessage(user.owner, expectedOrder.at(-page)!, 'user', `continued while paging (${page})`);
      await repo.addMessage(user.owner, expectedOrder[0]!, 'assistant', 'answer to a listed conversation');
      await repo.rename(user.owner, expectedOrder[10]!, `renamed while paging ${page}`);
    });

    const seen = pages.flatMap((p) => p.data.map((c) => c.id));
    assert.equal(new Set(seen).size, seen.length, 'no conversation on two pages');
    assert.deepEqual(seen, expectedOrder, 'every conversation that existed at the first page, once, in the first page\'s order');
    assert.ok(pages.length >= 6, `walked ${pages.length} pages`);
    assert.ok(!seen.some((id) => created.includes(id)), 'conversations created after the first page wait for the next first page');

    // A new first page sees the new order: the last conversation answered first, the created ones listed.
    const fresh = (await json<ConversationList>(await user.api('/api/v1/conversations?limit=200'))).data.map((c) => c.id);
    assert.equal(fresh.length, existing.length + created.length);
    assert.equal(fresh[0], expectedOrder[0]);
    assert.ok(created.every((id) => fresh.includes(id)));
  });

  it('a cursor without a snapshot (issued before the snapshot format) still pages', async () => {
    const user = await addUser(s, 'user_old_cursor');
    for (let i = 0; i < 5; i++) await seed(s, user.owner, `c${i}`, [['user', 'q']]);
    const all = (await json<ConversationList>(await user.api('/api/v1/conversations?limit=200'))).data;
    const old = Buffer.from(JSON.stringify([all[1]!.updatedAt, all[1]!.id])).toString('base64url');
    const rest = await json<ConversationList>(await user.api(`/api/v1/conversations?limit=200&cursor=${old}`));
    assert.deepEqual(rest.data.map((c) => c.id), all.slice(2).map((c) => c.id));
  });

  it('rejects malformed cursors and limits with 400', async () => {
    for (const bad of ['garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["x","y",1.5,2]').toString('base64url'), 'x'.repeat(600)]) {
      const res = await s.api(`/api/v1/conversations?cursor=${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal((await res.json()).error.code, 'bad_request');
    }
    assert.equal((await s.api('/api/v1/conversations?limit=0')).status, 400);
    assert.equal((await s.api('/api/v1/conversations?limit=201')).status, 400);
  });

  it('a 10,000-message conversation is listed and opened in one request each, complete and in order', async () => {
    const user = await addUser(s, 'user_long');
    const body: ConversationExport = {
      format: 'churnistic.conversation', version: 1,
      conversation: {
        title: 'A very long conversation', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z',
        messages: Array.from({ length: 10_000 }, (_, i) => ({
          role: i % 2 ? 'assistant' as const : 'user' as const, content: `message number ${i}`, model: i % 2 ? 'test-model' : null,
          status: 'complete' as const, promptTokens: null, completionTokens: i % 2 ? 7 : null, latencyMs: null,
          createdAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 1000).toISOString(), feedback: null,
        })),
      },
    };
    // Written with the importer directly: as one HTTP body it would pass the 1 MB request limit.
    const { id } = await new ConversationsImporter(s.db).import(user.owner, body);

    const list = await json<ConversationList>(await user.api('/api/v1/conversations'));
    assert.deepEqual(list.data.map((c) => [c.id, c.messageCount]), [[id, 10_000]]);

    const detail = ConversationDetail.parse(await json(await user.api(`/api/v1/conversations/${id}`)));
    assert.equal(detail.messageCount, 10_000);
    assert.equal(detail.messages.length, 10_000);
    detail.messages.forEach((m, i) => assert.equal(m.content, `message number ${i}`));
    assert.equal(detail.messages[9_999]!.role, 'assistant');
    assert.equal(detail.updatedAt, '2026-01-02T00:00:00.000Z');
  });
});
