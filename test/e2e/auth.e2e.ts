/**
 * Signing in and out through VS Code's own Accounts menu (the Churnistic authentication provider),
 * in the real workbench: the menu offers "Sign in with Churnistic", the token is pasted, the chat
 * then answers; signing out from the Accounts menu stops it (the panel asks to sign in again).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useE2eSession } from '../support/e2e-session';
import { openChatView, statusBarText, waitFor } from '../support/vscode-ui';

const norm = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

describe('e2e: sign in and out through the Accounts menu', function () {
  this.timeout(240_000);
  const session = useE2eSession('e2e-auth');

  it('signs in from the Accounts menu; the chat then answers', async function () {
    const page = session.vscode().page;
    await waitFor('the Accounts menu to show a sign-in request', async () =>
      (await page.locator('.activitybar li.action-item[aria-label*="Sign in requested"]').count()) > 0 || undefined, 30_000);
    await openAccounts(page);
    await chooseInMenu(page, 'Sign in with Churnistic');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Paste a token' }).first().click({ timeout: 15_000 });
    await page.locator('.quick-input-widget', { hasText: 'Paste your Churnistic token' }).waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-widget .quick-input-box input').fill(session.stack().token);
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: 'signed in to' }).first().waitFor({ timeout: 30_000 });

    session.stack().fake.reset();
    session.stack().fake.script({ text: 'Signed-in answer from the fake upstream.' });
    const chat = await openChatView(page);
    await chat.locator('[data-testid="chat-input"]').fill('Are you there?');
    await chat.locator('[data-testid="chat-input"]').press('Enter');
    await waitFor('the answer', async () =>
      norm(await chat.locator('[data-testid="assistant-message"]').last().innerText({ timeout: 1_000 })).includes('Signed-in answer') || undefined, 30_000);
  });

  it('signing out from the Accounts menu stops the chat', async function () {
    const page = session.vscode().page;
    session.stack().fake.reset();
    await openAccounts(page);
    // the signed-in account's entry opens a submenu with "Sign Out"
    await chooseInMenu(page, 'Churnistic', 'ArrowRight');
    await chooseInMenu(page, 'Sign Out');
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await dialog.locator('.monaco-button', { hasText: 'Sign Out' }).click();
    }
    await waitFor('the status bar to ask for sign-in', async () => /sign in/i.test(await statusBarText(page)) || undefined, 30_000);

    const chat = await openChatView(page);
    await chat.locator('[data-testid="chat-input"]').fill('Still there?');
    await chat.locator('[data-testid="chat-input"]').press('Enter');
    const banner = chat.locator('[data-testid="connection-banner"]');
    await waitFor('the panel to ask to sign in', async () => /sign in/i.test(norm(await banner.innerText({ timeout: 1_000 }))) || undefined, 30_000);
    assert.equal(session.stack().fake.chatRequests.length, 0, 'nothing reached the model after signing out');
  });
});

/** The Accounts menu, opened from the keyboard (the activity bar opens its menus on key or mouse-down). */
async function openAccounts(page: Page): Promise<void> {
  await page.locator('.activitybar li.action-item[aria-label^="Accounts"]').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').first().waitFor({ timeout: 10_000 });
}

/** Moves the menu's focus to the item with `text` and presses `key` (Enter, or ArrowRight for a submenu). */
async function chooseInMenu(page: Page, text: string, key = 'Enter'): Promise<void> {
  // the deepest open menu (a submenu opens on top of its parent)
  const menu = page.locator('.monaco-menu').last();
  await menu.locator('.action-item', { hasText: text }).first().waitFor({ timeout: 10_000 });
  for (let i = 0; i < 10; i++) {
    if (await menu.locator('.action-item.focused', { hasText: text }).count()) break;
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(100);
  }
  assert.ok(await menu.locator('.action-item.focused', { hasText: text }).count(), `menu item "${text}" never got the focus`);
  await page.keyboard.press(key);
}
