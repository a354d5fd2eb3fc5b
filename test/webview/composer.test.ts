// The panel's chrome in a real browser: model picker, New chat, @-mention and slash menus (mouse
// and keyboard), context chips with their badges, the context meter.
import assert from 'node:assert/strict';
import { usePanel } from './harness';

describe('webview: composer, context and toolbar (chromium)', function () {
  // every test also proves the page threw nothing and the CSP blocked nothing (harness.ts)
  const panel = usePanel();

  const input = () => panel().page.getByTestId('chat-input');

  it('fills the model picker with "Default (…)" first and posts selectModel (null for the default)', async () => {
    await panel().send({ type: 'models', selected: 'qwen-32b', items: [
      { id: 'llama-3.3-70b', provider: 'groq', contextWindow: 131072, isDefault: true },
      { id: 'qwen-32b', provider: 'groq', contextWindow: 32768, isDefault: false },
    ] });
    const picker = panel().page.getByTestId('model-picker');
    await picker.waitFor();
    assert.deepEqual(await picker.locator('option').allTextContents(), ['Default (llama-3.3-70b)', 'llama-3.3-70b', 'qwen-32b']);
    assert.equal(await picker.inputValue(), 'qwen-32b');
    await picker.selectOption('llama-3.3-70b');
    assert.deepEqual(await panel().waitPosted('selectModel'), { type: 'selectModel', model: 'llama-3.3-70b' });
    await picker.selectOption({ index: 0 });
    assert.deepEqual(await panel().waitPosted('selectModel'), { type: 'selectModel', model: null });
    await panel().page.getByTestId('new-chat').click();
    assert.deepEqual(await panel().waitPosted('newChat'), { type: 'newChat' });
  });

  it('typing @ opens the mention menu; arrows and Enter pick a kind, post addContext and drop the typed @word', async () => {
    await input().click();
    await panel().page.keyboard.type('explain @');
    const menu = panel().page.getByTestId('mention-menu');
    await menu.waitFor();
    assert.deepEqual(await menu.getByTestId('mention-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind'))),
      ['selection', 'file', 'problems', 'diff', 'workspace']);
    await panel().page.keyboard.type('p');
    assert.deepEqual(await menu.getByTestId('mention-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind'))),
      ['problems', 'workspace']);
    await panel().page.keyboard.press('ArrowDown');
    assert.equal(await menu.locator('[aria-selected="true"]').getAttribute('data-kind'), 'workspace');
    await panel().page.keyboard.press('ArrowDown'); // wraps around
    await panel().page.keyboard.press('Enter');
    assert.deepEqual(await panel().waitPosted('addContext'), { type: 'addContext', kind: 'problems' });
    assert.equal(await menu.isVisible(), false);
    assert.equal(await input().inputValue(), 'explain');
    assert.equal((await panel().posted()).some((m) => m.type === 'ask'), false, 'Enter picked, it did not send');
    // Escape closes the menu and leaves the text alone
    await panel().page.keyboard.type(' @d');
    await menu.waitFor();
    await panel().page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false);
    assert.equal(await input().inputValue(), 'explain @d');
  });

  it('the @ button opens the menu too, and a click picks', async () => {
    await panel().page.getByTestId('add-context').click();
    const menu = panel().page.getByTestId('mention-menu');
    await menu.locator('[data-kind="diff"]').click();
    assert.deepEqual(await panel().waitPosted('addContext'), { type: 'addContext', kind: 'diff' });
    assert.equal(await menu.isVisible(), false);
  });

  it('sends text that still contains @selection as it is (the extension parses mentions)', async () => {
    await input().fill('what does @selection do');
    await input().press('End');
    await input().press('Enter');
    assert.deepEqual(await panel().waitPosted('ask'), { type: 'ask', text: 'what does @selection do' });
  });

  it('typing / at the start opens the slash menu; choosing fills "/name "; Enter without a menu sends', async () => {
    await panel().send({ type: 'slashCommands', items: [
      { name: 'explain', description: 'Explain the selection', source: 'builtin' },
      { name: 'tests', description: 'Write tests', source: 'builtin' },
      { name: 'review-pr', description: 'Team review checklist', source: 'team' },
    ] });
    await input().click();
    await panel().page.keyboard.type('/');
    const menu = panel().page.getByTestId('slash-menu');
    await menu.waitFor();
    assert.equal(await menu.getByTestId('slash-item').count(), 3);
    await panel().page.keyboard.type('te');
    assert.deepEqual(await menu.getByTestId('slash-item').allTextContents(), ['/testsWrite tests']);
    await panel().page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), '/tests ');
    assert.equal(await menu.isVisible(), false);
    await panel().page.keyboard.type('for utils.ts');
    await panel().page.keyboard.press('Enter');
    assert.deepEqual(await panel().waitPosted('ask'), { type: 'ask', text: '/tests for utils.ts' });
    // a click picks as well
    await panel().page.keyboard.type('/rev');
    await menu.getByText('/review-pr').click();
    assert.equal(await input().inputValue(), '/review-pr ');
  });

  it('shows context chips by kind with redaction and clipping badges; × removes by index', async () => {
    await panel().send({ type: 'context', items: [
      { kind: 'selection', fileName: 'src/app.ts', language: 'ts', code: '1\n2\n3\n4\n5\n6\n7', startLine: 2, redactions: 2 },
      { kind: 'file', fileName: 'src/big.ts', language: 'ts', code: 'x', clipped: { totalLines: 900, keptLines: 120 } },
      { kind: 'problems', fileName: 'Problems', language: 'text', code: 'src/a.ts\n  1:1 error: a\n  2:1 error: b\n  3:1 warning: c\n  4:1 warning: d' },
      { kind: 'workspace', fileName: 'src/x.ts', language: 'ts', code: 'x', startLine: 0 },
      { kind: 'workspace', fileName: 'src/y.ts', language: 'ts', code: 'y', startLine: 10 },
    ] });
    const chips = panel().page.getByTestId('context-chip');
    await chips.first().waitFor();
    assert.deepEqual(await chips.locator('.chip-label').allTextContents(), ['selection · app.ts:3-9', 'file · big.ts', 'problems · 4', 'workspace · 2 snippets']);
    assert.deepEqual(await chips.nth(0).getByTestId('chip-badge').allTextContents(), ['2 secrets redacted']);
    assert.deepEqual(await chips.nth(1).getByTestId('chip-badge').allTextContents(), ['120 of 900 lines kept']);
    assert.equal(await chips.nth(2).getByTestId('chip-badge').count(), 0);
    await chips.nth(1).getByRole('button', { name: 'Remove file · big.ts' }).click();
    assert.deepEqual(await panel().waitPosted('removeContext'), { type: 'removeContext', index: 1 });
    // the snippets of one @workspace go together, highest index first
    await panel().clearPosted();
    await chips.nth(3).getByRole('button', { name: 'Remove workspace · 2 snippets' }).click();
    await panel().waitPosted('removeContext');
    assert.deepEqual(await panel().posted(), [{ type: 'removeContext', index: 4 }, { type: 'removeContext', index: 3 }]);
    await panel().send({ type: 'context', items: [] });
    await panel().page.waitForFunction(() => !document.querySelector('[data-testid="context-chip"]'));
  });

  it('renders the context meter with its numbers, the warning class above 80% and the source in the tooltip', async () => {
    await panel().send({ type: 'meter', meter: { usedTokens: 3210, contextWindow: 128000, reserve: 4096, model: 'llama', source: 'estimate' } });
    const meter = panel().page.getByTestId('context-meter');
    await meter.waitFor();
    assert.equal(await meter.getAttribute('data-used'), '3210');
    assert.equal(await meter.getAttribute('data-window'), '128000');
    assert.equal(await meter.locator('.meter-text').textContent(), '3.2k / 128k tokens');
    assert.match(await meter.getAttribute('title') ?? '', /^Estimated/);
    assert.equal(await meter.evaluate((m) => m.classList.contains('warning')), false);
    assert.equal(await meter.locator('meter').evaluate((m) => (m as HTMLMeterElement).max), 128000 - 4096);
    // 80% of (8192 - 2048) = 4915.2
    await panel().send({ type: 'meter', meter: { usedTokens: 5000, contextWindow: 8192, reserve: 2048, model: 'small', source: 'server' } });
    await panel().page.waitForFunction(() => document.querySelector('[data-testid="context-meter"]')?.classList.contains('warning'));
    assert.match(await meter.getAttribute('title') ?? '', /server's count/);
    assert.equal(await meter.locator('.meter-text').textContent(), '5k / 8.2k tokens');
    await panel().send({ type: 'meter', meter: { usedTokens: 100, contextWindow: 8192, reserve: 2048, model: 'small', source: 'server' } });
    await panel().page.waitForFunction(() => !document.querySelector('[data-testid="context-meter"]')?.classList.contains('warning'));
  });
});
