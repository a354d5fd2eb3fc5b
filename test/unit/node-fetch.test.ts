import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeFetch } from '../../server/src/llm/node-fetch';

/** The SDKs' fetch over node:http, against a real local server. */
describe('nodeFetch (the provider SDKs\' fetch)', () => {
  let server: http.Server;
  let url = '';
  let closedEarly = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/json') {
        let body = '';
        req.on('data', (d) => { body += d; });
        req.on('end', () => {
          res.writeHead(201, { 'content-type': 'application/json', 'x-echo': req.headers['x-echo'] ?? '' });
          res.end(JSON.stringify({ method: req.method, body }));
        });
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        res.on('close', () => { if (!res.writableEnded) closedEarly++; });
      } else {
        res.writeHead(204).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and body; returns status, headers and a readable body', async () => {
    const res = await nodeFetch(`${url}/json`, { method: 'POST', headers: { 'x-echo': 'hi', 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-echo'), 'hi');
    assert.deepEqual(await res.json(), { method: 'POST', body: '{"a":1}' });
  });

  it('a 204 has no body', async () => {
    const res = await nodeFetch(`${url}/empty`);
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
  });

  it('aborting while the body streams closes the connection (the upstream sees it)', async () => {
    const controller = new AbortController();
    const res = await nodeFetch(`${url}/slow`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /first/);
    controller.abort();
    await assert.rejects(reader.read());
    for (let i = 0; i < 100 && closedEarly === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(closedEarly, 1);
  });

  it('an already aborted signal rejects without a request', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(nodeFetch(`${url}/json`, { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
  });
});
