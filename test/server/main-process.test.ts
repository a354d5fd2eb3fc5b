import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The real entry points as a user runs them (through tsx, so no build step is needed).
import { serverEnv, startServerProcess, SERVER_MAIN as MAIN, type ServerProcess } from '../support/server-process';

const CLI = path.resolve('server/src/cli.ts');
const TOKEN = /chur_[A-Za-z0-9_-]{20,}/;

const baseEnv = serverEnv;
const startServer = (env: NodeJS.ProcessEnv) => startServerProcess(env, { settleMs: 200 });
const stop = (r: ServerProcess) => r.stop();

const me = (url: string, token: string) => fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

describe('server: the process (main.ts, cli.ts)', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-main-')); });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  for (const [name, value, pattern] of [
    ['PORT', 'eighty', /PORT/],
    ['GROQ_BASE_URL', 'not a url', /GROQ_BASE_URL must be a URL/],
    ['CHURNISTIC_MAX_BODY', 'lots', /CHURNISTIC_MAX_BODY/],
  ] as const) {
    it(`a bad ${name} stops start-up with exit code 1 and a clear message`, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env: baseEnv(dataDir, { [name]: value }), encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('a CHURNISTIC_CONFIG file with a misspelt key stops start-up naming the file and the key', () => {
    const file = path.join(dataDir, 'config.yaml');
    fs.writeFileSync(file, 'models:\n  - id: coder\n    provider: openai\n    contextWindw: 4096\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env: baseEnv(dataDir, { CHURNISTIC_CONFIG: file }), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /config\.yaml is invalid/);
    assert.match(r.stderr, /models\.0/);
    assert.match(r.stderr, /contextWindw/);
  });

  it('first start creates an admin token and prints it once; a restart keeps it and prints none', async () => {
    const first = await startServer(baseEnv(dataDir));
    const token = TOKEN.exec(first.stderr())?.[0];
    assert.ok(token, `no token printed: ${first.stderr()}`);
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    assert.equal((await me(first.url, token).then((r) => r.status)), 200);
    assert.equal(await stop(first), 0, 'SIGTERM shuts down cleanly');
    assert.ok(!fs.readFileSync(path.join(dataDir, 'churnistic.db')).includes(Buffer.from(token)), 'the token is stored hashed');

    const second = await startServer(baseEnv(dataDir));
    assert.doesNotMatch(second.stderr(), TOKEN);
    assert.equal((await me(second.url, token)).status, 200);
    await stop(second);
  });

  it('CHURNISTIC_ADMIN_TOKEN becomes a working admin token and no other is printed', async () => {
    const chosen = 'chur_ci_0123456789abcdef';
    const running = await startServer(baseEnv(dataDir, { CHURNISTIC_ADMIN_TOKEN: chosen }));
    assert.doesNotMatch(running.stderr(), TOKEN);
    assert.equal((await me(running.url, chosen)).status, 200);
    await stop(running);
  });

  it('`churnistic token create` makes another working token', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'token', 'create', '--name', 'laptop'], { env: baseEnv(dataDir), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const token = r.stdout.trim();
    assert.match(token, TOKEN);
    const running = await startServer(baseEnv(dataDir));
    assert.doesNotMatch(running.stderr(), TOKEN, 'a token exists, so start-up creates none');
    assert.equal((await me(running.url, token)).status, 200);
    await stop(running);
  });
});
