// ConnectionMonitor against a real local HTTP server; timers are a manual queue so backoff is
// checked without waiting.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionMonitor, type Timers } from '../../extension/src/core/connection';
import { silentLogger } from '../../extension/src/core/logger';
import { ChurnisticClient } from '../../extension/src/core/server-client';

class ManualTimers implements Timers {
  queue: { fn: () => void; ms: number; id: number }[] = [];
  private next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.next;
    this.queue.push({ fn, ms, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  get delays(): number[] {
    return this.queue.map((t) => t.ms);
  }
  fire(): void {
    const t = this.queue.shift();
    assert.ok(t, 'no timer scheduled');
    t.fn();
  }
}

describe('extension core: ConnectionMonitor', () => {
  let server: http.Server;
  let url: string;
  let healthy: boolean;
  let meDelayMs: number;
  let meRequested: boolean;
  let token: string | undefined;
  let timers: ManualTimers;
  let monitor: ConnectionMonitor;

  beforeEach(async () => {
    healthy = true;
    meDelayMs = 0;
    meRequested = false;
    token = 'chur_good';
    server = http.createServer((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (req.url === '/api/v1/me' && req.headers.authorization === 'Bearer chur_good') {
        meRequested = true;
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' })
          .end('{"user":{"id":"u1","name":"Ada","role":"admin"},"teamId":"t"}'), meDelayMs);
      } else {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"invalid token"}}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    timers = new ManualTimers();
    const client = new ChurnisticClient({ serverUrl: () => url, token: async () => token, requestTimeoutMs: 2_000 });
    monitor = new ConnectionMonitor({
      client, hasToken: async () => token !== undefined, logger: silentLogger, timers,
      healthyIntervalMs: 60_000, initialBackoffMs: 1_000, maxBackoffMs: 4_000,
    });
  });

  afterEach(async () => {
    monitor.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('starts as checking and becomes connected with the user', async () => {
    assert.equal(monitor.status.state, 'checking');
    const seen: string[] = [];
    monitor.onDidChange((s) => seen.push(s.state));
    const status = await monitor.check();
    assert.equal(status.state, 'connected');
    assert.equal(status.user?.name, 'Ada');
    assert.deepEqual(seen, ['connected']);
    assert.deepEqual(timers.delays, [60_000], 'a slow re-check is scheduled while connected');
  });

  it('no token → signedOut; a rejected token → signedOut with a reason', async () => {
    token = undefined;
    assert.equal((await monitor.check(true)).state, 'signedOut');
    token = 'chur_bad';
    const status = await monitor.check(true);
    assert.equal(status.state, 'signedOut');
    assert.match(status.detail ?? '', /rejected/);
  });

  it('unreachable backs off 1s, 2s, 4s, 4s and resets once the server is back', async () => {
    const deadUrl = url;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const status = await monitor.check();
    assert.equal(status.state, 'unreachable');
    assert.equal(status.serverUrl, deadUrl);
    assert.match(status.detail ?? '', /ECONNREFUSED/);
    const delays = [timers.delays[0]];
    for (let i = 0; i < 3; i++) {
      const changed = new Promise((resolve) => setTimeout(resolve, 0));
      timers.fire();
      await changed;
      // wait for the probe the timer started
      for (let n = 0; n < 100 && timers.queue.length === 0; n++) await new Promise((r) => setTimeout(r, 5));
      delays.push(timers.delays[0]);
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 4_000]);

    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' })
      .end('{"status":"ok","user":{"id":"u1","name":"Ada","role":"admin"}}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal((await monitor.check(true)).state, 'connected');
    assert.deepEqual(timers.delays, [60_000]);
  });

  it('a server that answers /healthz with 503 counts as unreachable', async () => {
    healthy = false;
    assert.equal((await monitor.check()).state, 'unreachable');
  });

  it('a newer check wins over an older, slower one (server URL changed mid-check)', async () => {
    meDelayMs = 150;
    const seen: string[] = [];
    monitor.onDidChange((s) => seen.push(s.state));
    const first = monitor.check(); // healthz answers, /api/v1/me is slow: this one would say connected
    for (let i = 0; i < 100 && !meRequested; i++) await new Promise((r) => setTimeout(r, 5));
    url = 'http://127.0.0.1:1'; // nothing listens on port 1
    const second = monitor.check(true);
    assert.equal((await second).state, 'unreachable');
    assert.equal((await first).state, 'unreachable', 'the superseded call answers with the newer result');
    await new Promise((r) => setTimeout(r, 200)); // the slow answer has arrived by now
    assert.equal(monitor.status.state, 'unreachable');
    assert.ok(!seen.includes('connected'), `stale result leaked: ${seen.join(',')}`);
  });
});
