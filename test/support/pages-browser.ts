/**
 * The lifecycle the e2e suites of the web pages (/setup, /signin, /invite, /account) share,
 * registered inside their `describe`: the real stack, Debian's chromium through playwright-core
 * (not Playwright's own download, so CHROMIUM_PATH or /usr/bin/chromium), a fresh browser
 * context per page that records Content-Security-Policy violations, the server log's tail on a
 * failed test, and everything closed at the end. Plus the small moves those suites make again
 * and again: sign in through the form, call /api/v1, and listen for an editor's loopback callback.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startStack, type Stack } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The team the suites make: its first owner, and a member invited by them. */
export const OWNER = { teamName: 'Acme', name: 'Olga Owner', email: 'olga@example.com', password: 'owner password 123' };
export const MEMBER = { name: 'Mia Member', email: 'mia@example.com', password: 'member password 456' };

/** Every Content-Security-Policy violation in the page, so a blocked script or style fails the test. */
const WATCH_CSP = `window.__csp = []; document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`;

export interface CallbackListener {
  /** the loopback address to hand the sign-in page as `callback` */
  url: string;
  /** the first request to it, as the editor would receive it */
  received: Promise<URL>;
  close(): Promise<void>;
}

export interface PagesBrowser {
  stack(): Stack;
  /** a page in a new browser context: no cookies or session storage shared with other pages */
  freshPage(): Promise<Page>;
  cspViolations(page: Page): Promise<string[]>;
  /** the session the pages keep in sessionStorage after a sign-in, or null */
  sessionOf(page: Page): Promise<{ token: string } | null>;
  signIn(page: Page, who: { email: string; password: string }): Promise<void>;
  /** `route` under /api/v1 (POST when there is `json`); a response other than 2xx fails the test */
  call<T>(route: string, json?: unknown, token?: string): Promise<T>;
  /** a one-shot HTTP listener on 127.0.0.1 standing in for the editor's sign-in callback */
  startCallbackListener(): Promise<CallbackListener>;
}

export function usePagesBrowser(): PagesBrowser {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  before(async function () {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist/web/signin.js')), 'build the pages first: node esbuild.config.mjs --only server,pages');
    stack = await startStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && stack) console.log(`--- server log (tail) ---\n${stack.serverLog().slice(-3000)}`);
  });

  after(async function () {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser!.newContext();
    contexts.push(context);
    await context.addInitScript(WATCH_CSP);
    return context.newPage();
  }

  async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.fill('#signin-form input[name=email]', who.email);
    await page.fill('#signin-form input[name=password]', who.password);
    await page.click('#signin-form button[type=submit]');
  }

  async function call<T>(route: string, json?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${stack!.serverUrl}/api/v1${route}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    assert.ok(res.ok, `${route}: ${res.status} ${await res.clone().text()}`);
    return res.json() as Promise<T>;
  }

  async function startCallbackListener(): Promise<CallbackListener> {
    let deliver!: (url: URL) => void;
    const received = new Promise<URL>((resolve) => { deliver = resolve; });
    const listener = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // only the callback counts: the browser may also ask this origin for a favicon
      if (url.pathname === '/callback') deliver(url);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Signed in to Churnistic</h1>');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`,
      received,
      // the browser keeps its connection alive: without closeAllConnections close() would wait for it
      close: () => new Promise<void>((resolve) => { listener.closeAllConnections(); listener.close(() => resolve()); }),
    };
  }

  return {
    stack: () => stack!,
    freshPage,
    cspViolations: (page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    sessionOf: (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('churnistic.session') ?? 'null') as { token: string } | null),
    signIn,
    call,
    startCallbackListener,
  };
}
