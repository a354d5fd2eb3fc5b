// The chat panel in a real browser: streaming Markdown, safety of rendered answers, code block
// actions, retry / edit-and-resend / feedback, keyboard-only use, reload restore, bad messages.
import assert from 'node:assert/strict';
import { openPanel, startHarness, type Harness, type Panel } from './harness';

describe('webview: chat messages (chromium)', function () {
  let h: Harness;
  let p: Panel;

  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });
  beforeEach(async () => { p = await openPanel(h); });
  afterEach(async function () {
    // every test also proves the page threw nothing and the CSP blocked nothing
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(p.errors, []);
      assert.deepEqual(await p.cspViolations(), []);
    }
    await p.page.context().close();
  });

  const answer = (panel: Panel) => panel.page.getByTestId('assistant-message');

  it('says ready, then streams deltas as partial text and ends as rendered Markdown', async () => {
    assert.deepEqual((await p.posted())[0], { type: 'ready' });
    await p.send({ type: 'userMessage', id: 'u1', text: 'How?', context: [] });
    await p.send({ type: 'answerStart', id: 'a1', model: 'llama-3.3' });
    await p.send({ type: 'answerDelta', id: 'a1', text: '## Plan\n\nFirst par' });
    const msg = answer(p);
    await msg.getByText('First par').waitFor();
    assert.equal(await msg.getAttribute('data-status'), 'streaming');
    assert.equal(await p.page.getByTestId('stop').isVisible(), true);
    assert.equal(await p.page.getByTestId('send').isVisible(), false);
    await p.send({ type: 'answerDelta', id: 'a1', text: 'agraph.\n\n- one\n- [docs](https://example.com/d)\n' });
    await p.send({ type: 'answerEnd', id: 'a1', finishReason: 'stop' });
    await p.page.waitForFunction(() => document.querySelector('[data-testid="assistant-message"]')?.getAttribute('data-status') === 'done');
    assert.equal(await msg.locator('h2').textContent(), 'Plan');
    assert.equal(await msg.locator('p').first().textContent(), 'First paragraph.');
    assert.deepEqual(await msg.locator('li').allTextContents(), ['one', 'docs']);
    assert.equal(await msg.locator('a').getAttribute('href'), 'https://example.com/d');
    assert.match(await msg.locator('.meta').textContent() ?? '', /llama-3\.3/);
    assert.equal(await p.page.getByTestId('send').isVisible(), true);
  });

  it('renders markup in an answer as text and never makes javascript: links clickable', async () => {
    await p.send({ type: 'answerStart', id: 'a' });
    await p.send({ type: 'answerDelta', id: 'a', text: 'Look: <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
      + '[click](javascript:window.__pwned=3) <a href="javascript:alert(1)">raw</a>' });
    await p.send({ type: 'answerEnd', id: 'a', finishReason: 'stop' });
    const msg = answer(p);
    await p.page.waitForFunction(() => document.querySelector('[data-testid="assistant-message"]')?.getAttribute('data-status') === 'done');
    const text = await msg.locator('.markdown').textContent();
    assert.match(text ?? '', /<script>window.__pwned=1<\/script>/);
    assert.match(text ?? '', /<img src=x onerror=/);
    assert.equal(await msg.locator('script, img, [onerror]').count(), 0);
    assert.equal(await msg.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await msg.locator('a').count(), 0);
    assert.equal(await p.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('highlights code blocks (also while unterminated) and Copy / Insert / Apply post the exact code', async () => {
    const code = 'function add(a: number, b: number) {\n  return a + b; // <sum>\n}';
    await p.send({ type: 'answerStart', id: 'a' });
    await p.send({ type: 'answerDelta', id: 'a', text: 'Here:\n\n```ts\nfunction add(' });
    const block = answer(p).locator('.code-block');
    await block.waitFor();
    assert.equal(await block.locator('.lang').textContent(), 'ts');
    await p.send({ type: 'answerDelta', id: 'a', text: code.slice('function add('.length) + '\n```\n\nDone.' });
    await p.send({ type: 'answerEnd', id: 'a', finishReason: 'stop' });
    await answer(p).getByText('Done.').waitFor();
    assert.ok(await block.locator('code span.hljs-keyword').count() >= 2, 'keywords are highlighted');
    assert.equal(await block.locator('code').textContent(), code);
    await p.clearPosted();
    await block.getByTestId('copy-code').click();
    assert.deepEqual(await p.waitPosted('copyCode'), { type: 'copyCode', code });
    assert.equal(await block.getByTestId('copy-code').textContent(), 'Copied');
    await block.getByTestId('insert-code').click();
    assert.deepEqual(await p.waitPosted('insertCode'), { type: 'insertCode', code });
    // keyboard: the buttons are focusable and Enter activates them
    await block.getByTestId('apply-code').focus();
    await p.page.keyboard.press('Enter');
    assert.deepEqual(await p.waitPosted('applyCode'), { type: 'applyCode', code, language: 'ts' });
  });

  it('re-renders only the changing last block while streaming', async () => {
    await p.send({ type: 'answerStart', id: 'a' });
    await p.send({ type: 'answerDelta', id: 'a', text: 'First block.\n\nSecond' });
    await answer(p).getByText('Second').waitFor();
    await p.page.evaluate(() => { (document.querySelector('.md-block') as HTMLElement & { __mark?: number }).__mark = 1; });
    await p.send({ type: 'answerDelta', id: 'a', text: ' grows.' });
    await answer(p).getByText('Second grows.').waitFor();
    const kept = await p.page.evaluate(() => (document.querySelector('.md-block') as HTMLElement & { __mark?: number }).__mark);
    assert.equal(kept, 1, 'the first block node was not rebuilt');
  });

  it('retry, feedback (toggling after the extension confirms) and edit-and-resend post the right messages', async () => {
    await p.send({ type: 'transcript', entries: [
      { id: 'u1', role: 'user', text: 'Explain x' },
      { id: 'a1', role: 'assistant', text: 'It is y.', status: 'done', serverId: 's1' },
      { id: 'a2', role: 'assistant', text: 'partial', status: 'error', error: 'upstream failed' },
    ] });
    const [first, failed] = [answer(p).nth(0), answer(p).nth(1)];
    await first.getByTestId('retry').click();
    assert.deepEqual(await p.waitPosted('retry'), { type: 'retry', id: 'a1' });
    // error answers get Retry but no rating
    assert.equal(await failed.getByTestId('retry').isVisible(), true);
    assert.equal(await failed.getByTestId('feedback-up').isVisible(), false);
    assert.equal(await failed.getByTestId('error').textContent(), 'upstream failed');

    const up = first.getByTestId('feedback-up');
    assert.equal(await up.getAttribute('aria-pressed'), 'false');
    await up.click();
    assert.deepEqual(await p.waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: 'up' });
    assert.equal(await up.getAttribute('aria-pressed'), 'false', 'not pressed until the extension confirms');
    await p.send({ type: 'feedback', id: 'a1', rating: 'up' });
    await p.page.waitForFunction(() => document.querySelector('[data-testid="feedback-up"]')?.getAttribute('aria-pressed') === 'true');
    await up.click();
    assert.deepEqual(await p.waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: null });
    await first.getByTestId('feedback-down').click();
    assert.deepEqual(await p.waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: 'down' });

    const question = p.page.getByTestId('user-message');
    await question.getByTestId('edit').click();
    const input = question.getByTestId('edit-input');
    assert.equal(await input.inputValue(), 'Explain x');
    await input.press('Escape');
    assert.equal(await input.isVisible(), false);
    assert.equal(await question.locator('.body').textContent(), 'Explain x');
    await question.getByTestId('edit').click();
    await input.fill('Explain z instead');
    await input.press('Enter');
    assert.deepEqual(await p.waitPosted('editResend'), { type: 'editResend', id: 'u1', text: 'Explain z instead' });
    assert.equal(await input.isVisible(), false);
  });

  it('locks retry and edit while an answer streams', async () => {
    await p.send({ type: 'transcript', entries: [
      { id: 'u1', role: 'user', text: 'q' }, { id: 'a1', role: 'assistant', text: 'old', status: 'done' },
    ] });
    await p.send({ type: 'answerStart', id: 'a2' });
    await p.page.waitForFunction(() => (document.querySelector('[data-testid="retry"]') as HTMLButtonElement).disabled);
    assert.equal(await p.page.getByTestId('edit').isDisabled(), true);
    assert.equal(await answer(p).nth(1).getByTestId('retry').isVisible(), false);
    await p.send({ type: 'answerEnd', id: 'a2', finishReason: 'stop' });
    await p.page.waitForFunction(() => !(document.querySelector('[data-testid="edit"]') as HTMLButtonElement).disabled);
    assert.equal(await p.page.getByTestId('retry').first().isDisabled(), false);
  });

  it('keyboard only: Tab reaches the input, Enter sends, Shift+Enter is a newline, Escape stops a stream', async () => {
    await p.page.locator('body').click({ position: { x: 5, y: 5 } });
    await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let found = false;
    for (let i = 0; i < 15 && !found; i++) {
      await p.page.keyboard.press('Tab');
      found = await p.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'chat-input');
    }
    assert.ok(found, 'Tab reaches the question box');
    await p.page.keyboard.type('line one');
    await p.page.keyboard.press('Shift+Enter');
    await p.page.keyboard.type('line two');
    await p.page.keyboard.press('Enter');
    assert.deepEqual(await p.waitPosted('ask'), { type: 'ask', text: 'line one\nline two' });
    assert.equal(await p.page.getByTestId('chat-input').inputValue(), '');
    await p.send({ type: 'answerStart', id: 'a' });
    await p.page.getByTestId('stop').waitFor();
    await p.page.keyboard.press('Escape');
    assert.deepEqual(await p.waitPosted('stop'), { type: 'stop' });
  });

  it('restores the conversation, draft and view after a reload (VS Code reloads hidden webviews)', async () => {
    await p.send({ type: 'conversation', id: 'c1', title: 'Flaky test' });
    await p.send({ type: 'userMessage', id: 'u1', text: 'why?', context: [] });
    await p.send({ type: 'answerStart', id: 'a1' });
    await p.send({ type: 'answerDelta', id: 'a1', text: 'Because **timing**.' });
    await p.send({ type: 'answerEnd', id: 'a1', finishReason: 'stop' });
    await p.send({ type: 'feedback', id: 'a1', rating: 'down' });
    await p.page.getByTestId('chat-input').fill('follow-up draft');
    await p.page.waitForTimeout(400); // saving is throttled (200 ms)
    await p.page.reload();
    await p.page.getByTestId('chat-input').waitFor();
    assert.equal(await p.page.getByTestId('chat-input').inputValue(), 'follow-up draft');
    assert.equal(await answer(p).locator('strong').textContent(), 'timing');
    assert.equal(await p.page.getByTestId('user-message').locator('.body').textContent(), 'why?');
    assert.equal(await answer(p).getByTestId('feedback-down').getAttribute('aria-pressed'), 'true');
    assert.equal(await p.page.getByTestId('conversation-title').textContent(), 'Flaky test');
    assert.equal((await p.posted()).filter((m) => m.type === 'ready').length, 1, 'the reloaded page says ready again');
  });

  it('ignores invalid messages from the extension and keeps working', async () => {
    await p.send({ type: 'answerDelta', id: 'a' }); // no text
    await p.send({ type: 'nonsense' });
    await p.send({ type: 'models', items: [{ id: 'x' }], selected: 3 } as Record<string, unknown>);
    await p.page.evaluate(() => window.postMessage('not even an object', '*'));
    await p.send({ type: 'userMessage', id: 'u', text: 'still alive', context: [] });
    await p.page.getByTestId('user-message').getByText('still alive').waitFor();
    assert.equal(await p.page.getByTestId('assistant-message').count(), 0);
    assert.equal(await p.page.getByTestId('model-picker').isVisible(), false);
  });

  it('shows a dismissible notice with a role by level, and prefill fills and focuses the input', async () => {
    await p.send({ type: 'notice', level: 'error', message: 'Rate limited, retry in 20 s' });
    const notice = p.page.getByTestId('notice');
    await notice.getByText('Rate limited, retry in 20 s').waitFor();
    assert.equal(await notice.getAttribute('role'), 'alert');
    await p.send({ type: 'notice', level: 'info', message: 'Saved' });
    await notice.getByText('Saved').waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notice.isVisible(), false);
    await p.page.getByTestId('new-chat').focus();
    await p.send({ type: 'prefill', text: 'Review this function' });
    await p.page.waitForFunction(() => (document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value === 'Review this function');
    assert.equal(await p.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'chat-input');
  });
});
