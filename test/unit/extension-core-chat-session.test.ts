// ChatSession (what the chat panel shows and sends) against a real local SSE server.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent, ExtensionToWebview } from '../../protocol';
import { ExtensionToWebview as ExtensionToWebviewSchema } from '../../protocol';
import { ChatSession } from '../../extension/src/core/chat-session';
import { silentLogger } from '../../extension/src/core/logger';
import { ChurnisticClient } from '../../extension/src/core/server-client';

type Script = (res: http.ServerResponse) => void;
const send = (res: http.ServerResponse, e: ChatEvent | '[DONE]') => res.write(`data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('extension core: ChatSession', () => {
  let server: http.Server;
  let bodies: Record<string, unknown>[];
  let script: Script;
  let disconnects: number;
  let posted: ExtensionToWebview[];
  let unauthorized: number;
  let session: ChatSession;
  let ids: number;
  let token: string;

  const answer = (text: string, conversationId = '6f1c2b8e-1d3a-4c55-9a57-1f2e3d4c5b6a'): Script => (res) => {
    send(res, { type: 'start', conversationId, messageId: 'm', model: 'llama-3.3-70b-versatile' });
    for (const part of text.match(/.{1,3}/g) ?? []) send(res, { type: 'delta', text: part });
    send(res, { type: 'done', finishReason: 'stop' });
    send(res, '[DONE]');
    res.end();
  };

  beforeEach(async () => {
    bodies = [];
    disconnects = 0;
    posted = [];
    unauthorized = 0;
    ids = 0;
    script = answer('Hello there');
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        bodies.push(JSON.parse(body) as Record<string, unknown>);
        res.on('close', () => { if (!res.writableEnded) disconnects++; });
        if (req.headers.authorization !== 'Bearer t') {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"invalid token"}}');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        script(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = 't';
    session = new ChatSession({
      client: new ChurnisticClient({ serverUrl: () => url, token: async () => token }),
      logger: silentLogger,
      onUnauthorized: () => { unauthorized++; token = 't'; },
      newId: () => `id${++ids}`,
    });
    session.onDidPost((m) => {
      assert.ok(ExtensionToWebviewSchema.safeParse(m).success, `invalid message posted: ${JSON.stringify(m)}`);
      posted.push(m);
    });
  });

  afterEach(async () => {
    session.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the user message, a placeholder, the model, each delta and the end', async () => {
    await session.ask('hi');
    assert.deepEqual(posted.map((m) => m.type),
      ['userMessage', 'answerStart', 'conversation', 'answerStart', 'answerDelta', 'answerDelta', 'answerDelta', 'answerDelta', 'answerEnd']);
    const text = posted.flatMap((m) => (m.type === 'answerDelta' ? [m.text] : [])).join('');
    assert.equal(text, 'Hello there');
    assert.deepEqual(session.transcript.map((e) => [e.role, e.text, e.status]), [
      ['user', 'hi', undefined], ['assistant', 'Hello there', 'done']]);
    assert.equal(session.transcript[1]?.model, 'llama-3.3-70b-versatile');
    assert.equal(session.busy, false);
  });

  it('keeps the conversation id for follow-ups and forgets it on clear()', async () => {
    await session.ask('one');
    await session.ask('two');
    assert.equal(bodies[0]?.conversationId, undefined);
    assert.equal(bodies[1]?.conversationId, '6f1c2b8e-1d3a-4c55-9a57-1f2e3d4c5b6a');
    await session.clear();
    assert.deepEqual(session.transcript, []);
    await session.ask('three');
    assert.equal(bodies[2]?.conversationId, undefined);
    assert.ok(posted.some((m) => m.type === 'transcript' && m.entries.length === 0));
    assert.ok(posted.some((m) => m.type === 'conversation' && m.id === null));
  });

  it('sends pending context chips with the next question only, and explicit context without consuming them', async () => {
    const chip = { fileName: 'src/a.ts', language: 'typescript', code: 'const a = 1;', startLine: 3 };
    session.addContext(chip);
    session.addContext({ ...chip, fileName: 'src/b.ts' });
    session.removeContext(1);
    assert.deepEqual(session.pendingContext, [chip]);
    await session.ask('what is a?');
    assert.deepEqual(bodies[0]?.context, [chip]);
    assert.deepEqual(session.pendingContext, []);
    await session.ask('again?');
    assert.equal(bodies[1]?.context, undefined);
    session.addContext(chip);
    const explicit = { ...chip, fileName: 'x.py', language: 'python' };
    await session.ask('explain', { context: [explicit] });
    assert.deepEqual(bodies[2]?.context, [explicit]);
    assert.deepEqual(session.pendingContext, [chip]);
  });

  it('stop() aborts the request: the server sees the disconnect and the answer ends as stopped', async () => {
    script = (res) => {
      send(res, { type: 'start', conversationId: 'c', messageId: 'm', model: 'm' });
      const timer = setInterval(() => send(res, { type: 'delta', text: 'x' }), 10);
      res.on('close', () => clearInterval(timer));
    };
    const asking = session.ask('long');
    for (let i = 0; i < 100 && !posted.some((m) => m.type === 'answerDelta'); i++) await sleep(5);
    assert.equal(session.busy, true);
    await session.stop();
    await asking;
    assert.deepEqual(posted.at(-1), { type: 'answerEnd', id: 'id2', finishReason: 'stopped' });
    assert.equal(session.transcript[1]?.status, 'stopped');
    for (let i = 0; i < 50 && disconnects === 0; i++) await sleep(10);
    assert.equal(disconnects, 1);
  });

  it('a server error event and a broken stream become answerError (with the text so far kept)', async () => {
    script = (res) => {
      send(res, { type: 'delta', text: 'par' });
      send(res, { type: 'error', code: 'upstream_error', message: 'the model provider failed' });
      res.end();
    };
    await session.ask('q1');
    assert.deepEqual(posted.at(-1), { type: 'answerError', id: 'id2', message: 'the model provider failed (upstream_error)' });
    script = (res) => { send(res, { type: 'delta', text: 'par' }); res.end(); };
    await session.ask('q2');
    const last = posted.at(-1);
    assert.equal(last?.type, 'answerError');
    assert.match(last?.type === 'answerError' ? last.message : '', /broke off/);
    assert.equal(session.transcript[3]?.text, 'par');
    assert.equal(session.transcript[3]?.status, 'error');
  });

  it('a rejected token ends the answer with a sign-in hint and notifies the connection', async () => {
    token = 'bad';
    await session.ask('hi');
    const last = posted.at(-1);
    assert.equal(last?.type, 'answerError');
    assert.match(last?.type === 'answerError' ? last.message : '', /invalid token.*Sign In/);
    assert.equal(unauthorized, 1);
  });

  it('a new question while one streams stops the first', async () => {
    script = (res) => {
      const timer = setInterval(() => send(res, { type: 'delta', text: 'x' }), 10);
      res.on('close', () => clearInterval(timer));
    };
    const first = session.ask('first');
    for (let i = 0; i < 100 && !posted.some((m) => m.type === 'answerDelta'); i++) await sleep(5);
    script = answer('second answer');
    await session.ask('second');
    await first;
    assert.deepEqual(session.transcript.map((e) => e.status ?? e.role), ['user', 'stopped', 'user', 'done']);
  });

  it('passes the server\'s context report to the webview and keeps it on the answer', async () => {
    const report = {
      promptTokens: 900, contextWindow: 1200, completionReserve: 300, counting: 'estimate' as const, tokenizer: 'estimate:llama3',
      keptMessages: 2, dropped: { messages: 4, tokens: 640 }, summarized: true, truncated: [{ fileName: 'src/a.ts', totalLines: 900, keptLines: 60 }],
    };
    script = (res) => {
      send(res, { type: 'start', conversationId: 'c', messageId: 'm', model: 'tiny' });
      send(res, { type: 'context', ...report });
      send(res, { type: 'delta', text: 'ok' });
      send(res, { type: 'done', finishReason: 'stop' });
      send(res, '[DONE]');
      res.end();
    };
    await session.ask('hi');
    assert.deepEqual(posted.find((m) => m.type === 'answerContext'), { type: 'answerContext', id: 'id2', report });
    assert.deepEqual(session.transcript[1]?.contextReport, report);
    assert.equal(session.transcript[1]?.status, 'done');
  });

  it('snapshot() holds everything a reloaded webview needs', async () => {
    await session.ask('hi');
    session.addContext({ fileName: 'a', language: 'txt', code: 'a' });
    const snap = session.snapshot();
    assert.equal(snap[0]?.type, 'transcript');
    assert.equal(snap[0]?.type === 'transcript' ? snap[0].entries.length : 0, 2);
    assert.deepEqual(snap[1], { type: 'context', items: [{ fileName: 'a', language: 'txt', code: 'a' }] });
  });
});
