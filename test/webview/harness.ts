// The chat webview in a real browser (Debian's chromium through playwright-core), served with the
// exact HTML and Content-Security-Policy the extension uses (webviewHtml), and a stand-in for
// VS Code's acquireVsCodeApi that records what the panel posts and keeps setState in
// sessionStorage, so a page reload behaves like VS Code reloading a hidden webview.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../extension/src/core/webview-html';
import type { ExtensionToWebview, WebviewToExtension } from '../../protocol';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds dist/webview.js when it is missing or older than a source file of the webview. */
function ensureBundle(): void {
  const bundle = path.join(DIST, 'webview.js');
  const sources = [path.join(ROOT, 'webview-ui/src'), path.join(ROOT, 'protocol')]
    .flatMap((dir) => fs.readdirSync(dir).map((f) => path.join(dir, f)));
  const built = fs.existsSync(bundle) && fs.existsSync(path.join(DIST, 'webview.css')) ? fs.statSync(bundle).mtimeMs : 0;
  if (sources.every((f) => fs.statSync(f).mtimeMs < built)) return;
  const result = spawnSync(process.execPath, ['esbuild.config.mjs', '--only', 'webview-ui'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the webview failed:\n${result.stderr}`);
}

// A string, not a function: a function's source as transpiled for node may call helpers (such as
// esbuild's __name) that do not exist in the page.
const INIT = `(() => {
  const KEY = '__churnistic_webview_state';
  const posted = [];
  const violations = [];
  window.__posted = posted;
  window.__cspViolations = violations;
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once'); // as in VS Code
    acquired = true;
    return {
      postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => {
        const saved = sessionStorage.getItem(KEY);
        return saved ? JSON.parse(saved) : undefined;
      },
      setState: (s) => sessionStorage.setItem(KEY, JSON.stringify(s)),
    };
  };
})();`;

export interface Harness {
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  ensureBundle();
  const server = http.createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const file = req.url === '/webview.js' ? 'webview.js' : req.url === '/webview.css' ? 'webview.css' : undefined;
    if (file) {
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
      res.end(fs.readFileSync(path.join(DIST, file)));
      return;
    }
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(webviewHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, title: 'Churnistic Chat' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    browser,
    url,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Panel {
  page: Page;
  /** Every uncaught error of the page (a test ends by asserting there were none). */
  errors: string[];
  send(message: ExtensionToWebview | Record<string, unknown>): Promise<void>;
  posted(): Promise<WebviewToExtension[]>;
  /** Waits until the panel posted a message of `type`, and returns the last one. */
  waitPosted<T extends WebviewToExtension['type']>(type: T): Promise<Extract<WebviewToExtension, { type: T }>>;
  clearPosted(): Promise<void>;
  cspViolations(): Promise<string[]>;
}

export async function openPanel(h: Harness): Promise<Panel> {
  const context = await h.browser.newContext({ viewport: { width: 420, height: 800 } });
  await context.addInitScript({ content: INIT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(h.url);
  await page.getByTestId('chat-input').waitFor();
  const posted = () => page.evaluate(() => (window as unknown as { __posted: WebviewToExtension[] }).__posted.slice());
  return {
    page,
    errors,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted,
    waitPosted: async (type) => {
      const handle = await page.waitForFunction((t) => {
        const all = (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t);
        return all[all.length - 1];
      }, type, { timeout: 5000 });
      return (await handle.jsonValue()) as never;
    },
    clearPosted: () => page.evaluate(() => { (window as unknown as { __posted: unknown[] }).__posted.length = 0; }),
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
  };
}

/**
 * Inside a `describe`: one browser for the suite, a fresh panel per test, and after every passing
 * test the proof that the page threw nothing and the CSP blocked nothing. Returns the current panel.
 */
export function usePanel(): () => Panel {
  let h: Harness | undefined;
  let p: Panel | undefined;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });
  beforeEach(async () => { p = await openPanel(h!); });
  afterEach(async function () {
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(p!.errors, []);
      assert.deepEqual(await p!.cspViolations(), []);
    }
    await p!.page.context().close();
  });
  return () => p!;
}
