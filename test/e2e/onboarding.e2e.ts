/**
 * The onboarding pages end to end in a real browser (Debian's chromium through playwright-core)
 * against the real server process (dist/server.js, fresh data dir): the first owner sets up the
 * team, invites a member (the mail is read from the outbox through the admin API), the member
 * accepts in a fresh browser context and signs in, and an editor's browser sign-in (loopback
 * callback) delivers a token that works; a callback outside the allow-list is refused.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startStack, type Stack } from '../support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OWNER = { teamName: 'Acme', name: 'Olga Owner', email: 'olga@example.com', password: 'owner password 123' };
const MEMBER = { name: 'Mia Member', email: 'mia@example.com', password: 'member password 456' };

/** Every Content-Security-Policy violation in the page, so a blocked script or style fails the test. */
const WATCH_CSP = `window.__csp = []; document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`;

describe('e2e: onboarding pages (setup, invite, accept, sign in, editor sign-in)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript(WATCH_CSP);
    return context.newPage();
  }
  const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  const sessionOf = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('churnistic.session') ?? 'null') as { token: string } | null);

  async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.fill('#signin-form input[name=email]', who.email);
    await page.fill('#signin-form input[name=password]', who.password);
    await page.click('#signin-form button[type=submit]');
  }

  before(async () => {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist/web/signin.js')), 'build the pages first: node esbuild.config.mjs --only server,pages');
    stack = await startStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- server log (tail) ---\n${stack?.serverLog().slice(-3000)}`);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  it('the owner sets up the team, invites a member; the member accepts, signs in and sees the member role', async () => {
    const owner = await freshPage();
    await owner.goto(`${stack.serverUrl}/setup`);
    for (const [field, value] of Object.entries(OWNER)) await owner.fill(`#setup-form [name=${field}]`, value);
    await owner.click('#setup-form button[type=submit]');
    await owner.waitForURL('**/account');
    await owner.locator('#my-role', { hasText: 'owner' }).waitFor();
    assert.match(await owner.textContent('#whoami') ?? '', /Olga Owner.*olga@example\.com.*owner in Acme/s);

    // setup is closed now: the page sends people to sign in
    const late = await freshPage();
    await late.goto(`${stack.serverUrl}/setup`);
    await late.waitForURL('**/signin');

    await owner.fill('#invite-form [name=email]', MEMBER.email);
    await owner.selectOption('#invite-form [name=role]', 'member');
    await owner.click('#invite-form button[type=submit]');
    await owner.locator('#invitations tr', { hasText: MEMBER.email }).waitFor();
    assert.match(await owner.textContent('#invitations') ?? '', /mia@example\.com\s*member\s*pending/);

    // the invitation mail, from the outbox (no SMTP configured), read with the owner's session
    const { token: ownerToken } = (await sessionOf(owner))!;
    const outbox = await fetch(`${stack.serverUrl}/api/v1/admin/outbox`, { headers: { authorization: `Bearer ${ownerToken}` } });
    assert.equal(outbox.status, 200, await outbox.clone().text());
    const mail = ((await outbox.json()) as { data: { to: string; text: string }[] }).data.find((m) => m.to === MEMBER.email);
    assert.ok(mail, 'the invitation mail is in the outbox');
    const link = /https?:\/\/\S+\/invite\?token=\S+/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);

    const member = await freshPage();
    await member.goto(`${stack.serverUrl}${new URL(link).pathname}${new URL(link).search}`);
    await member.fill('#accept-new-form [name=name]', MEMBER.name);
    await member.fill('#accept-new-form [name=password]', MEMBER.password);
    await member.click('#accept-new-form button[type=submit]');
    await member.waitForURL('**/account');
    await member.locator('#my-role', { hasText: 'member' }).waitFor();

    // a new browser: sign in with the new account at /signin
    const later = await freshPage();
    await later.goto(`${stack.serverUrl}/signin`);
    await signIn(later, MEMBER);
    await later.waitForURL('**/account');
    await later.locator('#my-role', { hasText: 'member' }).waitFor();
    assert.match(await later.textContent('#whoami') ?? '', /Mia Member.*member in Acme/s);
    assert.equal(await later.isHidden('#invitations-section'), true, 'members do not manage invitations');
    await later.locator('#members tr', { hasText: OWNER.email }).waitFor();

    // the owner sees the member join and the invitation accepted
    await owner.reload();
    await owner.locator('#members tr', { hasText: MEMBER.email }).waitFor();
    await owner.locator('#invitations tr', { hasText: 'accepted' }).waitFor();
    for (const page of [owner, member, later]) assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
  });

  it('editor sign-in: the loopback callback receives the state and a token that works against /api/v1/me', async () => {
    const received: URL[] = [];
    const listener = http.createServer((req, res) => {
      received.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Signed in to Churnistic</h1>');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const callback = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
      const state = 'e2e-state-7f3a9c';
      const page = await freshPage();
      await page.goto(`${stack.serverUrl}/signin?${new URLSearchParams({ callback, state, client: 'Visual Studio Code' })}`);
      assert.match(await page.textContent('#editor-note') ?? '', /Visual Studio Code/);
      await signIn(page, MEMBER);
      await page.waitForURL(`${callback}?**`);
      await page.getByText('Signed in to Churnistic').waitFor();
      const hit = received.find((u) => u.pathname === '/callback');
      assert.ok(hit, 'the callback was called');
      assert.equal(hit.searchParams.get('state'), state);
      const token = hit.searchParams.get('token')!;
      assert.match(token, /^churs_/);
      const me = await fetch(`${stack.serverUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      const body = await me.json() as { user: { name: string; role: string }; tokenKind: string };
      assert.deepEqual([body.user.name, body.user.role, body.tokenKind], [MEMBER.name, 'member', 'session']);
    } finally {
      listener.closeAllConnections();
      listener.close();
    }
  });

  it('a callback outside the allow-list is refused before any sign-in', async () => {
    const page = await freshPage();
    const res = await page.goto(`${stack.serverUrl}/signin?${new URLSearchParams({ callback: 'https://evil.example/steal', state: 'e2e-state-7f3a9c' })}`);
    assert.equal(res?.status(), 400);
    assert.match(await page.textContent('h1') ?? '', /not valid/);
    assert.equal(await page.locator('#signin-form').count(), 0, 'no sign-in form to hand a token to evil.example');
  });
});
