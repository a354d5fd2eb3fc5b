// ChurnisticClient against a real local HTTP server on port 0 (no fetch mocking).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent } from '../../protocol';
import { ChurnisticClient } from '../../extension/src/core/server-client';
import { ServerError, StreamInterruptedError, UnauthorizedError, UnreachableError } from '../../extension/src/core/errors';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  requests: { method: string; url: string; auth: string | undefined; body: string }[];
  disconnects: number;
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const state = { requests: [] as TestServer['requests'], disconnects: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      res.on('close', () => { if (!res.writableEnded) state.disconnects++; });
      const handler = routes.get(req.url ?? '');
      if (handler) handler(req, res, body);
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no route"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() { return state.requests; },
    get disconnects() { return state.disconnects; },
    route: (path, handler) => routes.set(path, handler),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const sse = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const event = (res: http.ServerResponse, e: ChatEvent | '[DONE]') => res.write(`data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drain(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('extension core: ChurnisticClient (real HTTP)', () => {
  let server: TestServer;
  let token: string | undefined;
  let client: ChurnisticClient;

  beforeEach(async () => {
    server = await startServer();
    token = 'chur_good';
    client = new ChurnisticClient({ serverUrl: () => `${server.url}/`, token: async () => token, requestTimeoutMs: 2_000 });
    server.route('/healthz', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    server.route('/api/v1/me', (req, res) => {
      if (req.headers.authorization !== 'Bearer chur_good') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"invalid token"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user: { id: 'u1', name: 'Ada', role: 'admin' }, teamId: 't1' }));
    });
  });

  afterEach(() => server.close());

  it('health() and me() succeed with a good token, sending it as a Bearer header', async () => {
    await client.health();
    const me = await client.me();
    assert.equal(me.user.name, 'Ada');
    assert.equal(server.requests.find((r) => r.url === '/api/v1/me')?.auth, 'Bearer chur_good');
    assert.equal(server.requests.find((r) => r.url === '/healthz')?.auth, undefined, 'health checks carry no token');
  });

  it('me(token) validates a token that is not stored yet; a bad one is UnauthorizedError with the server message', async () => {
    token = undefined;
    assert.equal((await client.me('chur_good')).user.id, 'u1');
    await assert.rejects(client.me('chur_bad'), (e: unknown) => e instanceof UnauthorizedError && e.message === 'invalid token');
  });

  it('without a token, me() fails as UnauthorizedError without calling the server', async () => {
    token = undefined;
    await assert.rejects(client.me(), UnauthorizedError);
    assert.equal(server.requests.length, 0);
  });

  it('a closed port is UnreachableError naming the URL and the cause', async () => {
    const url = server.url;
    await server.close();
    await assert.rejects(client.health(), (e: unknown) =>
      e instanceof UnreachableError && e.serverUrl === url && /ECONNREFUSED/.test(e.reason));
  });

  it('a server that never answers is UnreachableError after the request timeout', async () => {
    server.route('/healthz', () => { /* hang */ });
    const slow = new ChurnisticClient({ serverUrl: () => server.url, token: async () => token, requestTimeoutMs: 150 });
    await assert.rejects(slow.health(), (e: unknown) => e instanceof UnreachableError && e.reason === 'no answer in time');
  });

  it('error statuses become ServerError with the server code and message; non-JSON errors still get a status', async () => {
    server.route('/api/v1/me', (_req, res) =>
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"no_provider","message":"no provider configured"}}'));
    await assert.rejects(client.me(), (e: unknown) =>
      e instanceof ServerError && e.status === 503 && e.code === 'no_provider' && e.message === 'no provider configured');
    server.route('/healthz', (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>'));
    await assert.rejects(client.health(), (e: unknown) => e instanceof ServerError && e.status === 502 && e.code === 'http_502');
  });

  it('chat() posts the request and yields validated events as they arrive', async () => {
    server.route('/api/v1/chat', async (_req, res) => {
      sse(res);
      event(res, { type: 'start', conversationId: 'c1', messageId: 'm1', model: 'llama-3.3-70b-versatile' });
      for (const text of ['Hel', 'lo']) { await sleep(20); event(res, { type: 'delta', text }); }
      event(res, { type: 'done', finishReason: 'stop' });
      event(res, '[DONE]');
      res.end();
    });
    const seen: string[] = [];
    for await (const e of client.chat({ message: 'hi', context: [{ fileName: 'a.ts', language: 'typescript', code: 'x', startLine: 1 }] })) {
      seen.push(e.type === 'delta' ? `delta:${e.text}` : e.type);
    }
    assert.deepEqual(seen, ['start', 'delta:Hel', 'delta:lo', 'done']);
    const req = server.requests.find((r) => r.url === '/api/v1/chat');
    assert.equal(req?.method, 'POST');
    assert.equal(req?.auth, 'Bearer chur_good');
    assert.deepEqual(JSON.parse(req?.body ?? ''), {
      message: 'hi', context: [{ fileName: 'a.ts', language: 'typescript', code: 'x', startLine: 1 }] });
  });

  it('an error event ends the stream without throwing', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      event(res, { type: 'start', conversationId: 'c1', messageId: 'm1', model: 'm' });
      event(res, { type: 'error', code: 'upstream_error', message: 'upstream broke' });
      res.end();
    });
    const events = await drain(client.chat({ message: 'hi' }));
    assert.deepEqual(events.map((e) => e.type), ['start', 'error']);
  });

  it('a stream that closes before done/[DONE] throws StreamInterruptedError (never looks finished)', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      event(res, { type: 'delta', text: 'partial' });
      res.end();
    });
    const seen: ChatEvent[] = [];
    await assert.rejects(async () => { for await (const e of client.chat({ message: 'hi' })) seen.push(e); }, StreamInterruptedError);
    assert.deepEqual(seen, [{ type: 'delta', text: 'partial' }]);
  });

  it('a connection destroyed mid-stream throws StreamInterruptedError', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      event(res, { type: 'delta', text: 'partial' });
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await assert.rejects(drain(client.chat({ message: 'hi' })), StreamInterruptedError);
  });

  it('an event that does not match the protocol is a ServerError', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      res.write('data: {"type":"delta","txt":1}\n\n');
      res.end();
    });
    await assert.rejects(drain(client.chat({ message: 'hi' })), (e: unknown) => e instanceof ServerError && e.code === 'bad_event');
  });

  it('401 and 429 before the stream are typed errors', async () => {
    server.route('/api/v1/chat', (_req, res) =>
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
        .end('{"error":{"code":"rate_limited","message":"slow down"}}'));
    await assert.rejects(drain(client.chat({ message: 'hi' })), (e: unknown) => e instanceof ServerError && e.status === 429 && e.message === 'slow down');
    token = 'chur_bad';
    server.route('/api/v1/chat', (_req, res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"invalid token"}}'));
    await assert.rejects(drain(client.chat({ message: 'hi' })), UnauthorizedError);
  });

  it('aborting the signal mid-stream rejects with AbortError and closes the HTTP request', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      event(res, { type: 'start', conversationId: 'c1', messageId: 'm1', model: 'm' });
      const timer = setInterval(() => event(res, { type: 'delta', text: '.' }), 10);
      res.on('close', () => clearInterval(timer));
    });
    const controller = new AbortController();
    let deltas = 0;
    await assert.rejects(async () => {
      for await (const e of client.chat({ message: 'hi' }, controller.signal)) {
        if (e.type === 'delta' && ++deltas === 3) controller.abort();
      }
    }, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    for (let i = 0; i < 50 && server.disconnects === 0; i++) await sleep(10);
    assert.equal(server.disconnects, 1, 'the server saw the client go away');
  });

  it('leaving the loop early also closes the HTTP request', async () => {
    server.route('/api/v1/chat', (_req, res) => {
      sse(res);
      const timer = setInterval(() => event(res, { type: 'delta', text: '.' }), 10);
      res.on('close', () => clearInterval(timer));
    });
    for await (const e of client.chat({ message: 'hi' })) {
      assert.equal(e.type, 'delta');
      break;
    }
    for (let i = 0; i < 50 && server.disconnects === 0; i++) await sleep(10);
    assert.equal(server.disconnects, 1);
  });
  describe('history, feedback, models and templates', () => {
    const json = (res: http.ServerResponse, status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const summary = { id: 'c 1', title: 'Deploy', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-02T00:00:00Z', messageCount: 2 };

    it('listConversations and searchConversations send the query string and validate the answer', async () => {
      server.route('/api/v1/conversations?cursor=abc&limit=10', (_req, res) => json(res, 200, { data: [summary], nextCursor: 'def' }));
      server.route('/api/v1/conversations', (_req, res) => json(res, 200, { data: [] }));
      server.route('/api/v1/conversations/search?q=deploy+api&limit=5', (_req, res) =>
        json(res, 200, { data: [{ ...summary, score: 1.5, messageId: null, snippet: { text: 'Deploy', highlights: [{ start: 0, end: 6 }] } }] }));
      assert.deepEqual(await client.listConversations('abc', 10), { data: [summary], nextCursor: 'def' });
      assert.deepEqual(await client.listConversations(), { data: [] });
      assert.equal((await client.searchConversations('deploy api', 5)).data[0]?.score, 1.5);
      assert.ok(server.requests.every((r) => r.method === 'GET' && r.auth === 'Bearer chur_good'));
    });

    it('getConversation escapes the id; a 404 is a ServerError', async () => {
      server.route('/api/v1/conversations/c%201', (_req, res) => json(res, 200, { ...summary, messages: [] }));
      assert.equal((await client.getConversation('c 1')).title, 'Deploy');
      await assert.rejects(client.getConversation('missing'), (e: unknown) => e instanceof ServerError && e.status === 404);
    });

    it('renameConversation PATCHes the title; deleteConversation DELETEs and accepts 204', async () => {
      server.route('/api/v1/conversations/c%201', (req, res, body) => {
        if (req.method === 'PATCH') json(res, 200, { ...summary, title: JSON.parse(body).title });
        else if (req.method === 'DELETE') res.writeHead(204).end();
        else json(res, 405, { error: { code: 'method', message: 'no' } });
      });
      assert.equal((await client.renameConversation('c 1', 'New')).title, 'New');
      assert.equal(await client.deleteConversation('c 1'), undefined);
      assert.deepEqual(server.requests.map((r) => [r.method, r.body]), [['PATCH', '{"title":"New"}'], ['DELETE', '']]);
    });

    it('setFeedback POSTs a rating and DELETEs for null', async () => {
      server.route('/api/v1/messages/m1/feedback', (req, res, body) => {
        if (req.method === 'DELETE') return void res.writeHead(204).end();
        const { rating, comment } = JSON.parse(body);
        json(res, 200, { messageId: 'm1', rating, comment: comment ?? null, updatedAt: '2025-01-01T00:00:00Z' });
      });
      assert.equal((await client.setFeedback('m1', 'up'))?.rating, 'up');
      assert.equal((await client.setFeedback('m1', 'down', 'wrong file'))?.comment, 'wrong file');
      assert.equal(await client.setFeedback('m1', null), undefined);
      assert.deepEqual(server.requests.map((r) => r.method), ['POST', 'POST', 'DELETE']);
    });

    it('models() and teamTemplates() validate their lists', async () => {
      server.route('/api/v1/models', (_req, res) => json(res, 200, { data: [{ id: 'm', provider: 'groq', contextWindow: 131072, isDefault: true }] }));
      server.route('/api/v1/templates', (_req, res) => json(res, 200, { data: [{ name: 'review', description: 'd', variables: [], body: 'b', version: 1, updatedAt: 'x', updatedBy: 'Ada' }] }));
      assert.equal((await client.models()).data[0]?.contextWindow, 131072);
      assert.equal((await client.teamTemplates()).data[0]?.name, 'review');
      server.route('/api/v1/models', (_req, res) => json(res, 200, { data: [{ id: 'm' }] }));
      await assert.rejects(client.models(), (e: unknown) => e instanceof ServerError && e.code === 'bad_response');
    });

    it('a 204 where a body was expected is a bad_response, not a crash', async () => {
      server.route('/api/v1/models', (_req, res) => res.writeHead(204).end());
      await assert.rejects(client.models(), (e: unknown) => e instanceof ServerError && e.code === 'bad_response');
    });
  });
});
