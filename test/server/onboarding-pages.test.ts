// The onboarding pages' server side: strict CSP with a per-response nonce and no inline script, the
// editor callback allow-list on /signin and again on POST /auth/editor-token (never an open
// redirect), and the token that the editor receives working against /api/v1/me.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';
import { checkEditorCallback } from '../../server/src/domain/editor-callback';

const ROOT = path.resolve(__dirname, '../..');
const ALLOWED = ['http://127.0.0.1:53123/callback', 'http://localhost:8080/cb?x=1', 'vscode://churnistic.churnistic/auth',
  'vscode-insiders://churnistic.churnistic/auth', 'cursor://churnistic.churnistic/auth', 'code-oss://x/y', 'windsurf://x/y'];
const REFUSED = ['https://evil.example/cb', 'http://evil.example:80/cb', 'http://127.0.0.1/cb', 'http://127.0.0.1.evil.example:80/',
  'http://user:pw@127.0.0.1:5000/cb', 'javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', '//127.0.0.1:5000/cb',
  'http://[::1]:5000/cb', 'https://127.0.0.1:5000/cb', 'not a url'];

describe('onboarding pages: CSP, editor callback allow-list, editor token', function () {
  this.timeout(60_000);
  let s: TestServer;
  let session: string;

  before(async () => {
    // the pages' scripts, as `npm run server` builds them
    const built = spawnSync(process.execPath, ['esbuild.config.mjs', '--only', 'pages'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    s = await startTestServer();
    const setup = await fetch(`${s.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ teamName: 'Acme', name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery' }) });
    assert.equal(setup.status, 201, await setup.clone().text());
    session = ((await setup.json()) as { token: string }).token;
  });
  after(() => s?.close());

  it('the allow-list takes loopback http with a port and editor schemes only', () => {
    for (const url of ALLOWED) assert.equal(checkEditorCallback(url).ok, true, url);
    for (const url of REFUSED) assert.equal(checkEditorCallback(url).ok, false, url);
  });

  it('serves each page with a nonce CSP, no inline script, and its bundled script', async () => {
    const nonces = new Set<string>();
    for (const page of ['/setup', '/signin', '/account', '/invite?token=abc']) {
      const res = await fetch(s.url + page);
      assert.equal(res.status, 200, page);
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, `${page}: ${csp}`);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      nonces.add(nonce!);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.equal(scripts.length, 1, page);
      assert.equal(scripts[0]![2]!.trim(), '', `${page}: no inline script body`);
      assert.match(scripts[0]![1]!, new RegExp(`nonce="${nonce!.replace(/[+/]/g, '\\$&')}" src="/web/\\w+\\.js"`));
      const src = /src="([^"]+)"/.exec(scripts[0]![1]!)![1]!;
      const js = await fetch(s.url + src);
      assert.equal(js.status, 200, src);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
    }
    assert.equal(nonces.size, 4, 'a fresh nonce per response');
    assert.equal((await fetch(`${s.url}/web/..%2Fserver.js`)).status, 404);
    assert.equal((await fetch(`${s.url}/web/other.js`)).status, 404);
  });

  it('/signin refuses a callback outside the allow-list before anyone signs in', async () => {
    for (const callback of REFUSED) {
      const res = await fetch(`${s.url}/signin?${new URLSearchParams({ callback, state: 'state-123456' })}`, { redirect: 'manual' });
      assert.equal(res.status, 400, callback);
      assert.match(await res.text(), /not valid/);
    }
    const noState = await fetch(`${s.url}/signin?${new URLSearchParams({ callback: ALLOWED[0]! })}`);
    assert.equal(noState.status, 400);
    const ok = await fetch(`${s.url}/signin?${new URLSearchParams({ callback: ALLOWED[0]!, state: 'state-123456', client: 'Code' })}`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /data-page-data="[^"]*127\.0\.0\.1:53123/);
  });

  it('POST /auth/editor-token: a session gets a redirect with state and a working token; others are refused', async () => {
    const call = (token: string, body: unknown) => fetch(`${s.url}/api/v1/auth/editor-token`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const res = await call(session, { callback: 'http://127.0.0.1:53123/callback', state: 'state-abcdef', client: 'Visual Studio Code' });
    assert.equal(res.status, 200, await res.clone().text());
    const { redirectUrl } = await res.json() as { redirectUrl: string };
    const target = new URL(redirectUrl);
    assert.equal(`${target.origin}${target.pathname}`, 'http://127.0.0.1:53123/callback');
    assert.equal(target.searchParams.get('state'), 'state-abcdef');
    const editorToken = target.searchParams.get('token')!;
    assert.match(editorToken, /^churs_/);
    assert.notEqual(editorToken, session, 'the editor gets its own session, not the page\'s');
    const me = await fetch(`${s.url}/api/v1/me`, { headers: { authorization: `Bearer ${editorToken}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { name: string } }).user.name, 'Olga Owner');

    for (const callback of REFUSED.slice(0, 6)) {
      assert.equal((await call(session, { callback, state: 'state-abcdef' })).status, 400, callback);
    }
    // an API token (here the admin's) cannot mint sessions: only the page's own session can
    assert.equal((await call(s.token, { callback: ALLOWED[0], state: 'state-abcdef' })).status, 403);
    assert.equal((await fetch(`${s.url}/api/v1/auth/editor-token`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callback: ALLOWED[0], state: 'state-abcdef' }) })).status, 401);
  });
});
