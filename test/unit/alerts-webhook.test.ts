import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { postWebhook } from '../../server/src/domain/webhook-sender';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A real local receiver answering each POST with the next behaviour in the list (the last one repeats). */
async function receiver(behaviours: Behaviour[]) {
  const bodies: unknown[] = [];
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      bodies.push({ body: JSON.parse(raw), contentType: req.headers['content-type'], path: req.url });
      behaviours[Math.min(bodies.length - 1, behaviours.length - 1)]!(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, bodies, hung,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

const status = (code: number): Behaviour => (_req, res) => { res.writeHead(code).end(); };

describe('alert webhook sender (real local receiver)', () => {
  const fast = { timeoutMs: 300, retryDelayMs: 10 };
  let lines: Record<string, unknown>[];
  const logger = () => pino({ level: 'info' }, { write: (l: string) => { lines.push(JSON.parse(l)); } });
  beforeEach(() => { lines = []; });

  it('POSTs the payload as JSON once when the receiver accepts it', async () => {
    const r = await receiver([status(204)]);
    try {
      assert.equal(await postWebhook(`${r.url}/hook`, { hello: 'world' }, { ...fast, logger: logger() }), true);
      assert.deepEqual(r.bodies, [{ body: { hello: 'world' }, contentType: 'application/json', path: '/hook' }]);
      assert.equal(lines.length, 0);
    } finally { await r.close(); }
  });

  it('retries once after a 5xx, and succeeds', async () => {
    const r = await receiver([status(503), status(200)]);
    try {
      assert.equal(await postWebhook(r.url, { n: 1 }, fast), true);
      assert.equal(r.bodies.length, 2);
    } finally { await r.close(); }
  });

  it('retries once after a timeout, then gives up and logs the origin only (hook paths hold secrets)', async () => {
    const r = await receiver([(_req, res) => { r.hung.push(res); }]);
    try {
      assert.equal(await postWebhook(`${r.url}/services/T000/SECRET`, { n: 1 }, { ...fast, logger: logger() }), false);
      assert.equal(r.bodies.length, 2, 'one retry, no more');
      const warn = lines.find((l) => l.msg === 'alert webhook was not delivered');
      assert.ok(warn, JSON.stringify(lines));
      assert.equal(warn.target, r.url);
      assert.match(String(warn.reason), /no answer within 300 ms/);
      assert.doesNotMatch(JSON.stringify(lines), /SECRET/);
    } finally { await r.close(); }
  });

  it('does not retry a 4xx (a misconfigured hook), except 429', async () => {
    const bad = await receiver([status(404)]);
    const limited = await receiver([status(429), status(200)]);
    try {
      assert.equal(await postWebhook(bad.url, {}, fast), false);
      assert.equal(bad.bodies.length, 1);
      assert.equal(await postWebhook(limited.url, {}, fast), true);
      assert.equal(limited.bodies.length, 2);
    } finally { await bad.close(); await limited.close(); }
  });

  it('a receiver that is not there resolves to false, never throws', async () => {
    const r = await receiver([status(200)]);
    const url = r.url;
    await r.close();
    assert.equal(await postWebhook(url, {}, { ...fast, logger: logger() }), false);
    assert.ok(lines.some((l) => l.msg === 'alert webhook was not delivered'));
  });
});
