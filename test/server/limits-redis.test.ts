// The acceptance test for shared limits: a real redis-server and TWO real server processes (as
// deployed behind a load balancer), one limit of N requests per minute per user. Fired at together,
// they admit exactly N. Without Redis each instance counts alone, which is why REDIS_URL exists.
//
// Each process gets its own data dir (two processes writing one SQLite file would contend for its
// lock); the same CHURNISTIC_ADMIN_TOKEN makes the same user, `user_admin`, in both, so the user
// limit is one limit. (Token ids differ per database: a per-token limit would not be shared here.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-upstream';
import { freePort, startRedis, type TestRedis } from '../support/redis';
import { serverEnv, startServerProcess, SERVER_MAIN as MAIN, type ServerProcess } from '../support/server-process';

const TOKEN = 'chur_limits_test_0123456789';
const UPSTREAM_KEY = 'gsk_limits_test_key';
const N = 10;

type Instance = ServerProcess;

function env(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return serverEnv(dir, { CHURNISTIC_ADMIN_TOKEN: TOKEN, ...extra });
}

const startInstance = (environment: NodeJS.ProcessEnv) => startServerProcess(environment);
const stopInstance = async (i: Instance | undefined) => { await i?.stop(); };

const post = (url: string, pathname: string, body: unknown) => fetch(url + pathname, {
  method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const chat = (i: Instance, n: number) => post(i.url, '/v1/chat/completions', { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: `request ${n}` }] });
/** Inline has no limit in this config: it warms the upstream path without spending the chat limit. */
const warmUp = (i: Instance) => post(i.url, '/api/v1/completions/inline', { prompt: { kind: 'chat', messages: [{ role: 'user', content: 'hi' }] }, language: 'ts', filePath: 'a.ts' });

describe('server: limits shared by two server processes', function () {
  this.timeout(120_000);
  let fake: FakeUpstream;
  let root: string;
  let configFile: string;
  const dataDir = (name: string) => fs.mkdtempSync(path.join(root, `${name}-`));
  const common = () => ({ CHURNISTIC_CONFIG: configFile, GROQ_API_KEY: UPSTREAM_KEY, GROQ_BASE_URL: fake.url });

  before(async () => {
    fake = await startFakeUpstream({ apiKey: UPSTREAM_KEY });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-limits-'));
    configFile = path.join(root, 'churnistic.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ limits: { user: { chat: { requestsPerMinute: N } } } }));
  });
  after(async () => {
    await fake?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  describe('with REDIS_URL (a real redis-server)', () => {
    let redis: TestRedis;
    let a: Instance | undefined;
    let b: Instance | undefined;
    before(async () => {
      redis = await startRedis();
      [a, b] = await Promise.all([
        startInstance(env(dataDir('a'), { ...common(), REDIS_URL: redis.url })),
        startInstance(env(dataDir('b'), { ...common(), REDIS_URL: redis.url })),
      ]);
      for (const i of [a, b]) assert.equal((await warmUp(i)).status, 200);
    });
    after(async () => {
      await Promise.all([stopInstance(a), stopInstance(b)]);
      await redis?.close();
    });

    it(`a concurrent burst alternating between them: exactly ${N} admitted in total, the rest 429 with Retry-After`, async () => {
      fake.reset();
      const responses = await Promise.all(Array.from({ length: 4 * N }, (_, n) => chat(n % 2 ? a! : b!, n)));
      const ok = responses.filter((r) => r.status === 200);
      const limited = responses.filter((r) => r.status === 429);
      assert.equal(ok.length, N, `statuses: ${responses.map((r) => r.status).join(' ')}`);
      assert.equal(limited.length, 3 * N);
      for (const r of limited) {
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
        assert.equal(r.headers.get('x-ratelimit-limit-requests'), String(N));
        assert.equal(r.headers.get('x-ratelimit-remaining-requests'), '0');
        assert.equal((await r.json()).error.code, 'rate_limited');
      }
      await Promise.all(ok.map((r) => r.arrayBuffer()));
      assert.equal(fake.chatRequests.filter((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes('request ')).length, N,
        'only admitted requests reached the upstream');
    });
  });

  describe('without REDIS_URL (limits in memory)', () => {
    let a: Instance | undefined;
    let b: Instance | undefined;
    before(async () => {
      [a, b] = await Promise.all([startInstance(env(dataDir('a'), common())), startInstance(env(dataDir('b'), common()))]);
    });
    after(async () => { await Promise.all([stopInstance(a), stopInstance(b)]); });

    it('each instance counts alone: a user limited on one is still admitted on the other (why REDIS_URL exists)', async () => {
      const onA: number[] = [];
      for (let n = 0; n <= N; n++) onA.push((await chat(a!, n)).status);
      assert.deepEqual(onA, [...Array(N).fill(200), 429]);
      assert.equal((await chat(b!, 99)).status, 200, 'instance b never saw instance a\'s requests');
    });
  });

  it('an unreachable REDIS_URL stops start-up with exit code 1 and a clear message', async () => {
    const port = await freePort();
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
      env: env(dataDir('down'), { ...common(), REDIS_URL: `redis://127.0.0.1:${port}` }), encoding: 'utf8', timeout: 30_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /REDIS_URL redis:\/\/127\.0\.0\.1:\d+ is unreachable \(.*ECONNREFUSED.*\); start Redis or unset REDIS_URL/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
