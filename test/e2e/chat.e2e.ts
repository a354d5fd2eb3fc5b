/**
 * End to end through the real VS Code UI (code-server + chromium): the extension from the repo
 * (built dist/), the real server (dist/server.js) and the fake LLM upstream. A user signs in from
 * the command palette, asks in the chat view, and sees the answer stream in: partial text first
 * (the fake spaces its chunks 300 ms apart), then the whole answer.
 */
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { openChatView, screenshot, signInThroughUI, sleep, statusBarText, waitFor } from '../support/vscode-ui';
import { runCommand } from '../vscode-host/launch.mjs';
import { useE2eSession } from '../support/e2e-session';

const CHUNKS = ['Streaming ', 'arrives ', 'in ', 'small ', 'pieces, ', 'one ', 'chunk ', 'at ', 'a ', 'time.'];
const FINAL = CHUNKS.join('');
const QUESTION = 'How does streaming look in the chat panel?';

const norm = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

describe('e2e: chat in the real VS Code UI', function () {
  this.timeout(180_000);
  const session = useE2eSession('e2e-chat');

  it('signs in from the command palette with a token typed into the input box', async function () {
    const { page } = session.vscode();
    await signInThroughUI(page, session.stack().token);
    // the status bar follows the connection: "Sign in" until the token is accepted
    const text = await waitFor('the status bar to show a connected Churnistic', async () => {
      const t = await statusBarText(page);
      return t && !/sign in/i.test(t) ? t : undefined;
    });
    assert.match(text, /Churnistic/);
  });

  it('streams the answer into the chat view: partial text first, then the whole answer', async function () {
    const { page } = session.vscode();
    const fake = session.stack().fake;
    fake.reset();
    fake.script({ chunks: CHUNKS, chunkDelayMs: 300 });

    const chat = await openChatView(page);
    const input = chat.locator('[data-testid="chat-input"]');
    await input.click();
    await input.fill(QUESTION);
    await input.press('Enter');

    // sample the last assistant message as fast as the DOM allows until the whole answer shows
    const answer = chat.locator('[data-testid="assistant-message"]').last();
    const seen: string[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const text = norm(await answerText(answer).catch(() => ''));
      if (text && text !== seen.at(-1)) seen.push(text);
      if (text === FINAL) break;
      await sleep(50);
    }
    assert.equal(seen.at(-1), FINAL, `the whole answer never showed; saw ${JSON.stringify(seen)}`);
    // partial: a non-empty beginning of the answer, shown before the whole of it
    const partial = seen.filter((t) => t !== FINAL && FINAL.startsWith(t));
    assert.ok(partial.length >= 2, `expected several partial answers before the end; saw ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.filter((t) => !FINAL.startsWith(t)), [], 'only beginnings of the answer are ever shown');
    await waitFor('the answer to be marked done', async () =>
      (await answer.getAttribute('data-status')) === 'done' || undefined, 10_000);

    // the answer really came through the server from the fake upstream, with the question
    assert.equal(fake.chatRequests.length, 1, 'exactly one upstream chat request');
    assert.ok(JSON.stringify(fake.chatRequests[0]!.body).includes(QUESTION), 'the upstream request carries the question');
    assert.equal((fake.chatRequests[0]!.body as { stream?: boolean }).stream, true, 'the upstream call is streamed');
  });
  it('Stop ends the answer in the view and the fake upstream sees the disconnect', async function () {
    const { page } = session.vscode();
    const fake = session.stack().fake;
    fake.reset();
    fake.script({ chunks: ['This ', 'answer ', 'is ', 'slow ', 'and ', 'will ', 'be ', 'stopped ', 'early.'], chunkDelayMs: 500 });

    const chat = await openChatView(page);
    const input = chat.locator('[data-testid="chat-input"]');
    await input.fill('Tell me something slowly');
    await input.press('Enter');
    const answer = chat.locator('[data-testid="assistant-message"]').last();
    await waitFor('the first words of the answer', async () => (norm(await answerText(answer).catch(() => '')).startsWith('This') ? true : undefined), 30_000);

    await chat.locator('[data-testid="stop"]').click();
    await fake.waitForDisconnect(10_000);
    assert.equal(fake.chatRequests[0]!.aborted, true, 'the upstream request was cut, not finished');
    await waitFor('the answer to be marked stopped', async () =>
      (await answer.getAttribute('data-status')) === 'stopped' || undefined, 10_000);
    const stoppedAt = norm(await answerText(answer));
    await sleep(1_200); // two more chunk intervals: nothing else may arrive
    assert.equal(norm(await answerText(answer)), stoppedAt);
    assert.ok(!stoppedAt.includes('early.'), stoppedAt);
    assert.ok(await chat.locator('[data-testid="send"]').isVisible(), 'the composer is ready for the next question');
  });
  it('Explain Selection sends the selected code from the editor and the answer shows in the chat', async function () {
    const { page } = session.vscode();
    const fake = session.stack().fake;
    fake.reset();
    fake.script({ chunks: ['`add` ', 'returns ', 'the ', 'sum.'], chunkDelayMs: 100 });

    // Quick Open, as a user would with the chat sidebar in front of the explorer
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill('sample.ts');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'sample.ts' }).first().click();
    const editor = page.locator('.monaco-editor[data-uri$="sample.ts"]');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Churnistic: Explain Selection');

    const chat = await openChatView(page);
    const answer = chat.locator('[data-testid="assistant-message"]').last();
    await waitFor('the explanation', async () => (norm(await answerText(answer).catch(() => '')) === '`add` returns the sum.'
      || norm(await answerText(answer).catch(() => '')) === 'add returns the sum.') || undefined, 30_000);
    const question = norm(await chat.locator('[data-testid="user-message"]').last().innerText());
    assert.match(question, /sample\.ts/, 'the question names the file it came from');
    await screenshot(page, 'e2e-explain-selection');

    const sent = JSON.stringify(fake.chatRequests[0]!.body);
    assert.ok(sent.includes('export function add(a: number, b: number): number'), 'the selected code reached the model');
    assert.ok(sent.includes('sample.ts'), 'with its file name');
  });
});

/** The answer's text without its header line ("Churnistic · model"): the body when there is one. */
function answerText(answer: Locator): Promise<string> {
  return answer.evaluate((node) => {
    const body = node.querySelector('.body') as HTMLElement | null;
    return (body ?? (node as HTMLElement)).innerText;
  }, undefined, { timeout: 1_000 });
}
