// The offline history cache on a real temp directory (node:fs) and on an in-memory fs that can
// fail, plus HistoryService's server-first, cache-when-unreachable behaviour.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConversationDetail, ConversationSummary } from '../../protocol';
import { ServerError, UnauthorizedError, UnreachableError } from '../../extension/src/core/errors';
import { HistoryCache, HistoryService, nodeCacheFs, snippetAround, type CacheFs, type HistoryClient } from '../../extension/src/core/history';

const at = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();
const summary = (id: string, n: number, title = `Chat ${id}`): ConversationSummary => ({ id, title, createdAt: at(0), updatedAt: at(n), messageCount: 2 });
const detail = (id: string, n: number, texts: [string, string] = ['How do I deploy?', 'Use the deployment script.'], title?: string): ConversationDetail => ({
  ...summary(id, n, title),
  messages: texts.map((content, i) => ({
    id: `${id}-m${i}`, conversationId: id, role: i === 0 ? 'user' as const : 'assistant' as const, content, model: null, status: 'complete' as const,
    promptTokens: null, completionTokens: null, createdAt: at(n), latencyMs: null, feedback: null,
  })),
});

describe('history cache (node:fs, temp dir)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'churnistic-history-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores list pages and details, and a new instance reads them back', async () => {
    const cache = new HistoryCache(nodeCacheFs, path.join(dir, 'history'));
    await cache.putList([summary('a', 1), summary('b', 3)], true);
    await cache.putList([summary('c', 0)], false);
    await cache.putConversation(detail('d', 5));
    const again = new HistoryCache(nodeCacheFs, path.join(dir, 'history'));
    assert.deepEqual((await again.list()).map((i) => i.id), ['d', 'b', 'a', 'c']);
    assert.equal((await again.get('d'))?.messages.length, 2);
    assert.equal(await again.get('a'), undefined, 'list entries have no detail');
    assert.deepEqual((await readdir(path.join(dir, 'history'))).sort(), ['c-d.json', 'index.json'], 'no temp files left');
  });

  it('a first page replaces the remembered list; cached conversations stay listed', async () => {
    const cache = new HistoryCache(nodeCacheFs, dir);
    await cache.putConversation(detail('x', 1));
    await cache.putList([summary('a', 2)], true);
    await cache.putList([summary('b', 3)], true);
    assert.deepEqual((await cache.list()).map((i) => i.id), ['b', 'x']);
  });

  it('corrupt or wrongly shaped files are an empty cache, never an error', async () => {
    await writeFile(path.join(dir, 'index.json'), '{not json');
    assert.deepEqual(await new HistoryCache(nodeCacheFs, dir).list(), []);
    await writeFile(path.join(dir, 'index.json'), JSON.stringify({ version: 7 }));
    assert.deepEqual(await new HistoryCache(nodeCacheFs, dir).search('x'), []);
    const cache = new HistoryCache(nodeCacheFs, dir);
    await cache.putConversation(detail('a', 1));
    await writeFile(path.join(dir, 'c-a.json'), '[]');
    assert.equal(await new HistoryCache(nodeCacheFs, dir).get('a'), undefined);
    assert.deepEqual(await new HistoryCache(nodeCacheFs, path.join(dir, 'missing')).list(), []);
  });

  it('rename and remove update both the list and the stored detail', async () => {
    const cache = new HistoryCache(nodeCacheFs, dir);
    await cache.putConversation(detail('a', 1));
    await cache.putList([summary('b', 2)], false);
    await cache.rename('a', 'Deploying to Fly');
    await cache.rename('b', 'Renamed list entry');
    assert.equal((await cache.get('a'))?.title, 'Deploying to Fly');
    assert.deepEqual((await cache.list()).map((i) => i.title), ['Renamed list entry', 'Deploying to Fly']);
    await cache.remove('a');
    assert.deepEqual((await cache.list()).map((i) => i.id), ['b']);
    assert.deepEqual(await readdir(dir), ['index.json']);
  });

  it('evicts the oldest details past the count and size bounds', async () => {
    const cache = new HistoryCache(nodeCacheFs, dir, { maxConversations: 3 });
    for (let i = 0; i < 5; i++) await cache.putConversation(detail(`c${i}`, i));
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('c-')).sort(), ['c-c2.json', 'c-c3.json', 'c-c4.json']);
    assert.equal((await cache.list()).length, 5, 'summaries of evicted conversations stay in the list');
    const small = new HistoryCache(nodeCacheFs, path.join(dir, 'small'), { maxBytes: 1500 });
    for (let i = 0; i < 4; i++) await small.putConversation(detail(`s${i}`, i));
    const kept = (await readdir(path.join(dir, 'small'))).filter((f) => f.startsWith('c-'));
    let bytes = 0;
    for (const f of kept) bytes += (await readFile(path.join(dir, 'small', f), 'utf8')).length;
    assert.ok(kept.length >= 1 && kept.length < 4 && bytes <= 1500, `${kept.length} files, ${bytes} bytes`);
    assert.ok(kept.includes('c-s3.json'), 'the newest one stays');
  });

  it('ids that are not file-name safe cannot escape the directory', async () => {
    const cache = new HistoryCache(nodeCacheFs, dir);
    await cache.putConversation(detail('../../evil', 1));
    assert.ok((await readdir(dir)).every((f) => !f.includes('/')));
    assert.equal((await cache.get('../../evil'))?.id, '../../evil');
  });

  it('searches locally: every word in title or messages, snippet highlighted', async () => {
    const cache = new HistoryCache(nodeCacheFs, dir);
    await cache.putConversation(detail('a', 1, ['How do I deploy the API?', 'Run the Deploy script, then check the logs.']));
    await cache.putConversation(detail('b', 2, ['Fix the parser', 'The tokenizer drops quotes.']));
    await cache.putList([summary('c', 3, 'Deploy checklist')], false);
    const hits = await cache.search('DEPLOY script');
    assert.deepEqual(hits.map((h) => h.id), ['a']);
    const snippet = hits[0]!.snippet!;
    assert.deepEqual(snippet.highlights.map((h) => snippet.text.slice(h.start, h.end).toLowerCase()), ['deploy']);
    assert.deepEqual((await cache.search('deploy')).map((h) => h.id).sort(), ['a', 'c'], 'list-only entries match on the title');
    assert.deepEqual(await cache.search('kubernetes'), []);
  });
});

describe('history: local snippets', () => {
  it('cuts a passage around the first match with ellipses and exact highlight offsets', () => {
    const text = `${'lorem ipsum '.repeat(40)}the Deploy step fails ${'dolor sit '.repeat(40)}`;
    const s = snippetAround(text, ['deploy', 'fails']);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…') && s.text.length < 200);
    assert.deepEqual(s.highlights.map((h) => s.text.slice(h.start, h.end)), ['Deploy', 'fails']);
  });
});

/** An in-memory CacheFs that can be told to fail writes. */
function memoryFs(): CacheFs & { files: Map<string, string>; failWrites: boolean } {
  const files = new Map<string, string>();
  const fs = {
    files, failWrites: false,
    readFile: async (p: string) => files.get(p),
    writeFile: async (p: string, t: string) => { if (fs.failWrites) throw new Error('ENOSPC'); files.set(p, t); },
    rename: async (a: string, b: string) => { files.set(b, files.get(a)!); files.delete(a); },
    remove: async (p: string) => { files.delete(p); },
    mkdir: async () => undefined,
  };
  return fs;
}

describe('history cache: failing disk', () => {
  it('a failed write neither throws nor leaves temp files', async () => {
    const fs = memoryFs();
    const cache = new HistoryCache(fs, '/cache');
    fs.failWrites = true;
    await cache.putConversation(detail('a', 1));
    await cache.putList([summary('b', 1)], true);
    assert.equal([...fs.files.keys()].length, 0);
  });
});

describe('HistoryService', () => {
  let failure: Error | undefined;
  const calls: string[] = [];
  const client: HistoryClient = {
    listConversations: async (cursor) => { calls.push(`list:${cursor ?? ''}`); if (failure) throw failure; return { data: cursor ? [summary('old', 0)] : [summary('a', 2), summary('b', 1)], ...(cursor ? {} : { nextCursor: 'p2' }) }; },
    searchConversations: async (q) => { calls.push(`search:${q}`); if (failure) throw failure; return { data: [{ ...summary('a', 2), score: 3, messageId: 'a-m0', snippet: { text: 'deploy', highlights: [{ start: 0, end: 6 }] } }] }; },
    getConversation: async (id) => { calls.push(`get:${id}`); if (failure) throw failure; return detail(id, 4); },
    renameConversation: async (id, title) => { if (failure) throw failure; return { ...summary(id, 4), title }; },
    deleteConversation: async () => { if (failure) throw failure; },
  };
  let service: HistoryService;
  let cache: HistoryCache;
  beforeEach(() => { failure = undefined; calls.length = 0; cache = new HistoryCache(memoryFs(), '/c'); service = new HistoryService(client, cache); });

  it('online: pages from the server (next pages append) and the cache is refreshed', async () => {
    const first = await service.list();
    assert.deepEqual(first, { items: [{ id: 'a', title: 'Chat a', updatedAt: at(2), messageCount: 2 }, { id: 'b', title: 'Chat b', updatedAt: at(1), messageCount: 2 }], append: false, offline: false, nextCursor: 'p2' });
    const next = await service.list('p2');
    assert.equal(next.append, true);
    assert.deepEqual((await cache.list()).map((i) => i.id), ['a', 'b', 'old']);
    const found = await service.search('deploy');
    assert.deepEqual([found.query, found.offline, found.items[0]?.snippet?.text], ['deploy', false, 'deploy']);
  });

  it('unreachable or 5xx: answers from the cache, marked offline', async () => {
    await service.list();
    await service.open('a');
    for (const err of [new UnreachableError('http://x', 'ECONNREFUSED'), new ServerError(503, 'no_provider', 'down')]) {
      failure = err;
      const page = await service.list();
      assert.deepEqual([page.offline, page.items.map((i) => i.id)], [true, ['a', 'b']]);
      assert.deepEqual(await service.list('p2'), { items: [], append: true, offline: true });
      const opened = await service.open('a');
      assert.deepEqual([opened.offline, opened.conversation.id], [true, 'a']);
      const search = await service.search('deploy');
      assert.deepEqual([search.offline, search.items.map((i) => i.id)], [true, ['a']]);
      await assert.rejects(service.open('never-opened'), err, 'nothing cached: the original error');
    }
  });

  it('401 and 404 are passed on, not replaced by cached data; a 404 drops the stale copy', async () => {
    await service.open('a');
    failure = new UnauthorizedError('http://x');
    await assert.rejects(service.list(), UnauthorizedError);
    await assert.rejects(service.open('a'), UnauthorizedError);
    failure = new ServerError(404, 'not_found', 'conversation not found');
    await assert.rejects(service.open('a'), ServerError);
    assert.equal(await cache.get('a'), undefined);
  });

  it('rename and remove go to the server first, then the cache', async () => {
    await service.open('a');
    await service.rename('a', 'New title');
    assert.equal((await cache.get('a'))?.title, 'New title');
    failure = new UnreachableError('http://x', 'timeout');
    await assert.rejects(service.rename('a', 'Offline title'), UnreachableError);
    await assert.rejects(service.remove('a'), UnreachableError);
    assert.ok(await cache.get('a'), 'a failed delete keeps the copy');
    failure = new ServerError(404, 'not_found', 'gone');
    await service.remove('a');
    assert.equal(await cache.get('a'), undefined);
  });
});
