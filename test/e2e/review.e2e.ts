/**
 * Reviews through the real VS Code UI (code-server + chromium), the real server and the fake
 * upstream scripted to answer with findings: "Churnistic: Review File" puts the finding in the
 * Problems panel on the right line, the lightbulb's quick fix changes the file as suggested, and
 * "Churnistic: Generate Commit Message" fills the Source Control input box.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/vscode-ui';
import { runCommand } from '../vscode-host/launch.mjs';
import { useE2eSession } from '../support/e2e-session';
import { OFF_BY_ONE_FIXED_LINE, OFF_BY_ONE_QUOTE, OFF_BY_ONE_SOURCE } from '../support/review-fixture';

const SOURCE = OFF_BY_ONE_SOURCE;

const FINDINGS = { findings: [{
  file: 'total.ts', startLine: 3, endLine: 3, severity: 'high', category: 'bug',
  title: 'Off-by-one: the loop reads past the end of the array', message: '`i <= items.length` reads `items[items.length]`.',
  quote: OFF_BY_ONE_QUOTE,
  fix: { description: 'Stop before items.length', startLine: 3, endLine: 3, replacement: OFF_BY_ONE_FIXED_LINE },
}] };

const norm = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

describe('e2e: review commands in the real VS Code UI', function () {
  this.timeout(240_000);
  const session = useE2eSession('e2e-review', {
    signIn: true,
    // a git repository with one commit, so Review Changes and the Source Control view have a base
    prepare: (dir) => {
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=e2e@example.com', '-c', 'user.name=E2E', ...args]);
      fs.writeFileSync(path.join(dir, 'total.ts'), SOURCE);
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'Start');
    },
  });

  it('Review File shows the finding in the Problems panel on its line, and the quick fix applies it', async function () {
    const { page } = session.vscode();
    session.stack().fake.reset();
    session.stack().fake.script({ text: JSON.stringify(FINDINGS) });
    const editor = await openFile(page, 'total.ts');
    await runCommand(page, 'Churnistic: Review File');

    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Off-by-one' });
    await row.first().waitFor({ timeout: 60_000 });
    assert.match(norm(await row.first().innerText()), /Churnistic.*\[Ln 3, Col \d+\]/, 'the Problems panel names the source and line 3');

    // the quick fix from the lightbulb menu, as a user opens it: cursor on the line, Ctrl+.
    await editor.locator('.view-line', { hasText: 'i <= items.length' }).click();
    await page.keyboard.press('Control+.');
    // the menu takes keys (a pointer shield covers it while it opens): move to our fix, Enter
    const title = 'Churnistic: Stop before items.length';
    await page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
    for (let i = 0; i < 15; i++) {
      if (await page.locator('.action-widget .monaco-list-row.focused', { hasText: title }).count()) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await waitFor('the fixed loop in the editor', async () => norm(await editor.locator('.view-lines').innerText()).includes('i < items.length') || undefined, 15_000);
    assert.ok(!norm(await editor.locator('.view-lines').innerText()).includes('i <= items.length'));
  });

  it('Generate Commit Message fills the Source Control input box', async function () {
    const { page } = session.vscode();
    fs.writeFileSync(path.join(session.workspaceDir(), 'notes.md'), 'release notes e2e\n');
    execFileSync('git', ['-C', session.workspaceDir(), 'add', 'notes.md']);
    session.stack().fake.reset();
    session.stack().fake.script({ text: JSON.stringify({ subject: 'Add release notes', body: 'Describe what the release changes.' }) });
    await runCommand(page, 'Churnistic: Generate Commit Message');
    await page.keyboard.press('Control+Shift+G');
    const input = page.locator('.scm-editor .view-lines').first();
    await waitFor('the message in the Source Control input', async () => norm(await input.innerText()).startsWith('Add release notes') || undefined, 60_000);
    assert.ok(JSON.stringify(session.stack().fake.chatRequests.at(-1)?.body).includes('release notes e2e'), 'the staged diff reached the model');
  });
});

async function openFile(page: Page, name: string) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
  const editor = page.locator(`.monaco-editor[data-uri$="${name}"]`).first();
  await editor.locator('.view-lines').click();
  return editor;
}
