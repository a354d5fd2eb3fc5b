import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` as a new user runs it: it builds, packages the .vsix, serves /healthz and prints
 * the admin token and how to install the extension. (Runs the real script; takes a few seconds.)
 */
describe('npm start', function () {
  this.timeout(180_000);

  it('builds, packages the .vsix, serves /healthz and prints the token and install steps', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', CHURNISTIC_DATA_DIR: dataDir };
    delete env.GROQ_API_KEY;
    delete env.CHURNISTIC_ADMIN_TOKEN;
    const proc = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    proc.stdout!.on('data', (d) => { out += d; });
    proc.stderr!.on('data', (d) => { out += d; });
    try {
      const deadline = Date.now() + 170_000;
      while (!/Then set "churnistic.serverUrl"/.test(out)) {
        if (proc.exitCode !== null) assert.fail(`npm start exited with ${proc.exitCode}:\n${out}`);
        if (Date.now() > deadline) assert.fail(`npm start did not get ready:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const url = /Churnistic server: (http:\/\/\S+)/.exec(out)![1]!;
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const token = /chur_[A-Za-z0-9_-]{20,}/.exec(out)?.[0];
      assert.ok(token, 'prints the admin token');
      const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      const vsix = /Extension package: (\S+\.vsix)/.exec(out)![1]!;
      assert.ok(fs.statSync(vsix).size > 1000, `${vsix} exists`);
      assert.match(out, /code --install-extension/);
      assert.match(out, /cursor --install-extension/);
      assert.match(out, /No GROQ_API_KEY is set/);
    } finally {
      try { process.kill(-proc.pid!, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
