/**
 * Inline suggestions in the real VS Code UI (code-server + chromium), through the real server and
 * the fake LLM upstream: ghost text appears while typing, Tab inserts it, typing into it needs no
 * new request, a keystroke that makes a slow answer useless cancels it upstream, and nothing is
 * ever sent for a `.env` file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchVSCode, type VSCodeSession } from '../vscode-host/launch.mjs';
import { REPO_ROOT, startStack, type Stack } from '../support/stack';
import { screenshot, signInThroughUI, sleep, waitFor } from '../support/vscode-ui';

const norm = (s: string) => s.replace(/\u00a0/g, ' ');

describe('e2e: inline suggestions (ghost text) in the real VS Code UI', function () {
  this.timeout(180_000);
  let stack: Stack | undefined;
  let vscode: VSCodeSession | undefined;
  let workspace = '';

  before(async function () {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-e2e-inline-'));
    fs.writeFileSync(path.join(workspace, 'math.ts'), 'export function add(a: number, b: number): number {\n  \n}\n\n');
    fs.writeFileSync(path.join(workspace, '.env'), 'API_KEY=sk_live_do_not_send_0123456789\n');
    stack = await startStack();
    // the default answer when a test scripted nothing: an inline test must never see an echo
    stack.fake.setDefault({ text: '<COMPLETION></COMPLETION>' });
    vscode = await launchVSCode({
      extension: REPO_ROOT,
      workspace,
      settings: { 'churnistic.serverUrl': stack.serverUrl, 'editor.inlineSuggest.enabled': true, 'editor.quickSuggestions': { other: false, comments: false, strings: false } },
    });
    await signInThroughUI(vscode.page, stack.token);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(vscode?.page, `e2e-inline-${this.currentTest.title}`);
  });

  after(async function () {
    await vscode?.close();
    await stack?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('typing in a TypeScript file shows ghost text from the model, and Tab inserts it', async function () {
    const { page } = vscode!;
    const fake = stack!.fake;
    fake.reset();
    fake.setDefault({ text: '<COMPLETION></COMPLETION>' });
    fake.script({ text: '<COMPLETION>urn a + b;</COMPLETION>' });

    const editor = await openFile(page, 'math.ts');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('ret', { delay: 60 });

    const shown = await ghostText(editor, (t) => t.includes('urn a + b;'));
    assert.equal(shown.trim(), 'urn a + b;');
    const sent = JSON.stringify(fake.chatRequests.at(-1)!.body);
    assert.ok(sent.includes('llama-3.1-8b-instant'), 'routed to the fast inline model');
    assert.ok(sent.includes('math.ts'), 'the prompt names the file');

    await page.keyboard.press('Tab');
    await waitFor('the suggestion to be inserted', async () => (await lineText(editor, 2)) === '  return a + b;' || undefined, 10_000);
    assert.equal(await editor.locator('.ghost-text-decoration').count(), 0, 'no ghost text left after accepting');
  });

  it('typing the first characters of a suggestion keeps the rest visible without a new request', async function () {
    const { page } = vscode!;
    const fake = stack!.fake;
    fake.reset();
    // every request gets this answer: a request sent before the keystroke (opening the file, moving
    // the cursor) must not use up a one-off script and leave the keystroke's request empty
    fake.setDefault({ text: '<COMPLETION>onst total = a * b + 1;</COMPLETION>' });

    const editor = await openFile(page, 'math.ts');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('c', { delay: 60 });
    await ghostText(editor, (t) => t.includes('onst total = a * b + 1;'));
    const requestsBefore = fake.chatRequests.length;

    await page.keyboard.type('onst t', { delay: 120 });
    const rest = await ghostText(editor, (t) => t.trim() === 'otal = a * b + 1;');
    assert.equal(rest.trim(), 'otal = a * b + 1;');
    await sleep(800); // longer than any debounce: a request, if one were sent, would have arrived
    assert.equal(fake.chatRequests.length, requestsBefore, 'no new upstream request while typing into the suggestion');
  });

  it('a keystroke that makes a slow answer useless cancels it upstream', async function () {
    const { page } = vscode!;
    const fake = stack!.fake;
    fake.reset();
    fake.setDefault({ text: '<COMPLETION></COMPLETION>' });
    fake.script({ text: '<COMPLETION>never shown</COMPLETION>', firstTokenDelayMs: 20_000 });

    const editor = await openFile(page, 'math.ts');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('let slow', { delay: 40 });
    await fake.waitForRequests(1, 15_000);
    await page.keyboard.press('Backspace'); // the document no longer continues what was asked
    await fake.waitForDisconnect(10_000);
    assert.equal(fake.chatRequests[0]!.aborted, true, 'the fake upstream saw the request go away');
    assert.ok(!(await editor.locator('.ghost-text-decoration').allInnerTexts()).join('').includes('never shown'));
  });

  it('nothing is sent for a file named .env', async function () {
    const { page } = vscode!;
    const fake = stack!.fake;
    fake.reset();
    fake.setDefault({ text: '<COMPLETION>LEAKED</COMPLETION>' });

    const editor = await openFile(page, '.env');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('OTHER_SECRET=abc', { delay: 60 });
    await page.keyboard.press('Alt+Backslash'); // even an explicit trigger
    await sleep(1_500);
    assert.equal(fake.chatRequests.length, 0, 'no request reached the upstream');
    assert.equal(fake.requests.length, 0);
    assert.equal(await editor.locator('.ghost-text-decoration').count(), 0);
  });
});

/** Opens a workspace file through Quick Open, as a user would; returns its editor. */
async function openFile(page: Page, name: string): Promise<Locator> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
  const editor = page.locator(`.monaco-editor[data-uri$="${name}"]`);
  await editor.waitFor({ timeout: 15_000 });
  await editor.locator('.view-lines').click();
  return editor;
}

/** The ghost text shown in `editor`, once `accept` says it is the expected one. */
async function ghostText(editor: Locator, accept: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  let last = '';
  try {
    return await waitFor('ghost text', async () => {
      last = norm((await editor.locator('.ghost-text-decoration, .ghost-text-decoration-preview').allInnerTexts()).join(''));
      return accept(last) ? last : undefined;
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last ghost text: ${JSON.stringify(last)}`);
  }
}

/** The text of line `n` (1-based) as the editor renders it. */
async function lineText(editor: Locator, n: number): Promise<string> {
  // monaco positions line elements absolutely: order them by their top offset, not DOM order
  const lines = await editor.locator('.view-lines').evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((el) => el.innerText));
  return norm(lines[n - 1] ?? '');
}
