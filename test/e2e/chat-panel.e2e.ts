/**
 * The chat panel's acceptance path through the real VS Code UI (code-server + chromium), the real
 * server and the fake upstream: a question with `@selection` streams an answer that renders a
 * highlighted code block; Insert puts that code into the editor; after "Developer: Reload Window"
 * the conversation is in the history list and the history search finds it by a word.
 * (Stop with the upstream seeing the disconnect is in chat.e2e.ts.)
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { frameWith, sleep, statusBarText, waitFor, openChatView } from '../support/vscode-ui';
import { runCommand } from '../vscode-host/launch.mjs';
import { useE2eSession } from '../support/e2e-session';

const INSERTED = 'export const churnisticInserted = add(2, 3);';
// the code block arrives over several chunks, 250 ms apart, so partial rendering is visible
const CHUNKS = ['The selection ', 'defines `add`. ', 'A caller:\n\n', '```ts\n', `${INSERTED}\n`, '```\n', '\nUnmistakably ', 'zygomorphic.'];
const QUESTION = '@selection What does this code do?';

const norm = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

describe('e2e: chat panel (mentions, code blocks, Insert, history after reload)', function () {
  this.timeout(240_000);
  const session = useE2eSession('e2e-chat-panel', { signIn: true });

  it('asks with @selection; the answer streams and renders a highlighted code block', async function () {
    const { page } = session.vscode();
    const fake = session.stack().fake;
    fake.reset();
    fake.script({ chunks: CHUNKS, chunkDelayMs: 250 });

    await openSample(page);
    await page.keyboard.press('Control+A');
    const chat = await openChatView(page);
    const input = chat.locator('[data-testid="chat-input"]');
    await input.click();
    await input.fill(QUESTION);
    await input.press('Escape'); // closes the mention menu that typing "@" opened
    await input.press('Enter');

    const answer = chat.locator('[data-testid="assistant-message"]').last();
    const seen: string[] = [];
    await waitFor('the whole answer', async () => {
      const text = norm(await answer.locator('.body').innerText({ timeout: 1_000 }).catch(() => ''));
      if (text && text !== seen.at(-1)) seen.push(text);
      return text.endsWith('zygomorphic.') || undefined;
    }, 60_000);
    assert.ok(seen.some((t) => t.startsWith('The selection') && !t.includes('zygomorphic')), `partial text before the end; saw ${JSON.stringify(seen)}`);

    const block = answer.locator('.code-block');
    await block.waitFor({ timeout: 10_000 });
    assert.equal(norm(await block.locator('code').innerText()), INSERTED);
    assert.ok(await block.locator('code [class^="hljs-"]').count() > 0, 'the code is highlighted');

    const chip = chat.locator('[data-testid="user-message"]').last().locator('.chip');
    assert.match(norm(await chip.first().innerText()), /sample\.ts/, 'the question shows the selection it carried');
    const sent = JSON.stringify(fake.chatRequests[0]!.body);
    assert.ok(sent.includes('export function add(a: number, b: number): number'), 'the selected code reached the model');
    assert.ok(!sent.includes('@selection'), 'the mention itself is not sent as text');
  });

  it('Insert puts the code block into the editor at the cursor', async function () {
    const { page } = session.vscode();
    const editor = await openSample(page);
    await page.keyboard.press('Control+End');
    const chat = await frameWith(page, '[data-testid="chat-input"]');
    await chat.locator('[data-testid="assistant-message"]').last().locator('[data-testid="insert-code"]').first().click();
    await waitFor('the inserted line in the editor', async () =>
      norm(await editor.locator('.view-lines').innerText()).includes(INSERTED) || undefined, 15_000);
  });

  it('Apply shows the change as a diff and makes it only when accepted', async function () {
    const { page } = session.vscode();
    await openSample(page);
    await page.keyboard.press('Control+End');
    const chat = await frameWith(page, '[data-testid="chat-input"]');
    await chat.locator('[data-testid="assistant-message"]').last().locator('[data-testid="apply-code"]').first().click();
    // the diff editor opens with the proposal, and a notification asks before anything changes
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'apply the proposed change' });
    await toast.waitFor({ timeout: 15_000 });
    const count = async (side: string) =>
      norm(await page.locator(`.monaco-diff-editor .editor.${side} .view-lines`).first().innerText()).split(INSERTED).length - 1;
    assert.equal(await count('original'), 1, 'the file is unchanged while the diff is shown');
    assert.equal(await count('modified'), 2, 'the proposal adds the block at the cursor');
    await toast.locator('.monaco-button', { hasText: 'Apply' }).click();
    // the diff closes and the file's own editor shows the change
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'detached', timeout: 15_000 });
    const file = page.locator('.monaco-editor[data-uri$="sample.ts"]').first();
    await waitFor('the applied change in the file', async () =>
      (norm(await file.locator('.view-lines').innerText()).split(INSERTED).length - 1) === 2 || undefined, 15_000);
  });

  it('after reloading the window the conversation is in the history list and search finds it', async function () {
    const { page } = session.vscode();
    await runCommand(page, 'Developer: Reload Window');
    await sleep(1_000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // the extension is back when its status bar item is
    await waitFor('the extension to activate again', async () => /Churnistic/.test(await statusBarText(page)) || undefined, 60_000);
    let chat = await openChatView(page);
    // the open conversation itself is restored too
    await waitFor('the restored conversation', async () =>
      norm(await chat.locator('[data-testid="assistant-message"]').last().innerText({ timeout: 1_000 })).includes('zygomorphic') || undefined, 60_000);

    await chat.locator('[data-testid="history-tab"]').click();
    const item = chat.locator('[data-testid="history-item"]', { hasText: 'What does this code do?' });
    await item.first().waitFor({ timeout: 30_000 });

    const search = chat.locator('[data-testid="history-search"]');
    await search.fill('zygomorphic');
    chat = await frameWith(page, '[data-testid="history-search"]');
    const hit = chat.locator('[data-testid="history-item"]', { has: chat.locator('mark') });
    await waitFor('a search hit with the word marked', async () =>
      (await hit.count()) === 1 && /zygomorphic/i.test(await hit.locator('mark').first().innerText()) || undefined, 30_000);
    await search.fill('xylophonequartz');
    await waitFor('no hit for a word nowhere in the history', async () => (await chat.locator('[data-testid="history-item"]').count()) === 0 || undefined, 30_000);
  });
});

async function openSample(page: Page) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').fill('sample.ts');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'sample.ts' }).first().click();
  const editor = page.locator('.monaco-editor[data-uri$="sample.ts"]').first();
  await editor.locator('.view-lines').click();
  return editor;
}

