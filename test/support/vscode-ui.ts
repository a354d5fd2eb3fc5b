/**
 * Helpers for the Playwright e2e suites that drive the real VS Code UI (code-server in headless
 * chromium, see test/vscode-host/launch.mjs): sign in like a user, find the chat webview's frame,
 * read the status bar, and save a screenshot when a test fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runCommand } from '../vscode-host/launch.mjs';
import { REPO_ROOT } from './stack';

export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A temp folder to open as the workspace, with a small TypeScript file in it. */
export function makeWorkspace(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-e2e-workspace-'));
  fs.writeFileSync(path.join(dir, 'sample.ts'),
    'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Text of the Churnistic status bar entry ('' while it is not shown). */
export async function statusBarText(page: Page): Promise<string> {
  const items = page.locator('.part.statusbar .statusbar-item', { hasText: 'Churnistic' });
  if (!(await items.count())) return '';
  return (await items.first().innerText()).trim();
}

/**
 * Signs in the way a user does: `Churnistic: Sign In` from the command palette, "Paste a token",
 * the token typed into the input box, Enter; then waits for the "signed in" notification.
 */
export async function signInThroughUI(page: Page, token: string): Promise<void> {
  await runCommand(page, 'Churnistic: Sign In');
  // first the choice (browser or token), then the token's input box
  const paste = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Paste a token' });
  await paste.first().click({ timeout: 15_000 });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.quick-input-widget', { hasText: 'Paste your Churnistic token' }).waitFor({ timeout: 15_000 });
  await input.fill(token);
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts', { hasText: 'signed in to' }).first().waitFor({ timeout: 30_000 });
}

/** The chat view's content frame (webviews are nested iframes): the one holding `selector`. */
export async function frameWith(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(`a webview frame with ${selector}`, async () => {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    return undefined;
  }, timeoutMs);
}

/**
 * Opens the Churnistic chat view: its activity bar icon, and if the view does not show up in a few
 * seconds (a click while the workbench is still restoring can get lost), `Churnistic: Open Chat`.
 */
export async function openChatView(page: Page): Promise<Frame> {
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Churnistic"]') }).first();
  if (await item.waitFor({ timeout: 15_000 }).then(() => true, () => false)) {
    // the activity-bar icon toggles: a click on the active ("checked") one would hide the view
    if (!/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.locator('a').click();
    const frame = await frameWith(page, '[data-testid="chat-input"]', 10_000).catch(() => undefined);
    if (frame) return frame;
  }
  await runCommand(page, 'Churnistic: Open Chat');
  return frameWith(page, '[data-testid="chat-input"]');
}

/** Saves a screenshot to test-output/<name>.png; never throws (it runs while reporting a failure). */
export async function screenshot(page: Page | undefined, name: string): Promise<void> {
  if (!page) return;
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
  await page.screenshot({ path: file }).then(() => console.log(`    screenshot: ${path.relative(REPO_ROOT, file)}`), () => {});
}
