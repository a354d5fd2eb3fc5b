// The chat panel in a real browser: streaming Markdown, safety of rendered answers, code block
// actions, retry / edit-and-resend / feedback, keyboard-only use, reload restore, bad messages.
import assert from 'node:assert/strict';
import { usePanel } from './harness';

describe('webview: chat messages (chromium)', function () {
  // every test also proves the page threw nothing and the CSP blocked nothing (harness.ts)
  const panel = usePanel();

  const answer = (of: ReturnType<typeof panel>) => of.page.getByTestId('assistant-message');

  it('says ready, then streams deltas as partial text and ends as rendered Markdown', async () => {
    assert.deepEqual((await panel().posted())[0], { type: 'ready' });
    await panel().send({ type: 'userMessage', id: 'u1', text: 'How?', context: [] });
    await panel().send({ type: 'answerStart', id: 'a1', model: 'llama-3.3' });
    await panel().send({ type: 'answerDelta', id: 'a1', text: '## Plan\n\nFirst par' });
    const msg = answer(panel());
    await msg.getByText('First par').waitFor();
    assert.equal(await msg.getAttribute('data-status'), 'streaming');
    assert.equal(await panel().page.getByTestId('stop').isVisible(), true);
    assert.equal(await panel().page.getByTestId('send').isVisible(), false);
    await panel().send({ type: 'answerDelta', id: 'a1', text: 'agraph.\n\n- one\n- [docs](https://example.com/d)\n' });
    await panel().send({ type: 'answerEnd', id: 'a1', finishReason: 'stop' });
    await panel().page.waitForFunction(() => document.querySelector('[data-testid="assistant-message"]')?.getAttribute('data-status') === 'done');
    assert.equal(await msg.locator('h2').textContent(), 'Plan');
    assert.equal(await msg.locator('p').first().textContent(), 'First paragraph.');
    assert.deepEqual(await msg.locator('li').allTextContents(), ['one', 'docs']);
    assert.equal(await msg.locator('a').getAttribute('href'), 'https://example.com/d');
    assert.match(await msg.locator('.meta').textContent() ?? '', /llama-3\.3/);
    assert.equal(await panel().page.getByTestId('send').isVisible(), true);
  });

  it('renders markup in an answer as text and never makes javascript: links clickable', async () => {
    await panel().send({ type: 'answerStart', id: 'a' });
    await panel().send({ type: 'answerDelta', id: 'a', text: 'Look: <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
      + '[click](javascript:window.__pwned=3) <a href="javascript:alert(1)">raw</a>' });
    await panel().send({ type: 'answerEnd', id: 'a', finishReason: 'stop' });
    const msg = answer(panel());
    await panel().page.waitForFunction(() => document.querySelector('[data-testid="assistant-message"]')?.getAttribute('data-status') === 'done');
    const text = await msg.locator('.markdown').textContent();
    assert.match(text ?? '', /<script>window.__pwned=1<\/script>/);
    assert.match(text ?? '', /<img src=x onerror=/);
    assert.equal(await msg.locator('script, img, [onerror]').count(), 0);
    assert.equal(await msg.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await msg.locator('a').count(), 0);
    assert.equal(await panel().page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('highlights code blocks (also while unterminated) and Copy / Insert / Apply post the exact code', async () => {
    const code = 'function add(a: number, b: number) {\n  return a + b; // <sum>\n}';
    await panel().send({ type: 'answerStart', id: 'a' });
    await panel().send({ type: 'answerDelta', id: 'a', text: 'Here:\n\n```ts\nfunction add(' });
    const block = answer(panel()).locator('.code-block');
    await block.waitFor();
    assert.equal(await block.locator('.lang').textContent(), 'ts');
    await panel().send({ type: 'answerDelta', id: 'a', text: code.slice('function add('.length) + '\n```\n\nDone.' });
    await panel().send({ type: 'answerEnd', id: 'a', finishReason: 'stop' });
    await answer(panel()).getByText('Done.').waitFor();
    assert.ok(await block.locator('code span.hljs-keyword').count() >= 2, 'keywords are highlighted');
    assert.equal(await block.locator('code').textContent(), code);
    await panel().clearPosted();
    await block.getByTestId('copy-code').click();
    assert.deepEqual(await panel().waitPosted('copyCode'), { type: 'copyCode', code });
    assert.equal(await block.getByTestId('copy-code').textContent(), 'Copied');
    await block.getByTestId('insert-code').click();
    assert.deepEqual(await panel().waitPosted('insertCode'), { type: 'insertCode', code });
    // keyboard: the buttons are focusable and Enter activates them
    await block.getByTestId('apply-code').focus();
    await panel().page.keyboard.press('Enter');
    assert.deepEqual(await panel().waitPosted('applyCode'), { type: 'applyCode', code, language: 'ts' });
  });

  it('re-renders only the changing last block while streaming', async () => {
    await panel().send({ type: 'answerStart', id: 'a' });
    await panel().send({ type: 'answerDelta', id: 'a', text: 'First block.\n\nSecond' });
    await answer(panel()).getByText('Second').waitFor();
    await panel().page.evaluate(() => { (document.querySelector('.md-block') as HTMLElement & { __mark?: number }).__mark = 1; });
    await panel().send({ type: 'answerDelta', id: 'a', text: ' grows.' });
    await answer(panel()).getByText('Second grows.').waitFor();
    const kept = await panel().page.evaluate(() => (document.querySelector('.md-block') as HTMLElement & { __mark?: number }).__mark);
    assert.equal(kept, 1, 'the first block node was not rebuilt');
  });

  it('retry, feedback (toggling after the extension confirms) and edit-and-resend post the right messages', async () => {
    await panel().send({ type: 'transcript', entries: [
      { id: 'u1', role: 'user', text: 'Explain x' },
      { id: 'a1', role: 'assistant', text: 'It is y.', status: 'done', serverId: 's1' },
      { id: 'a2', role: 'assistant', text: 'partial', status: 'error', error: 'upstream failed' },
    ] });
    const [first, failed] = [answer(panel()).nth(0), answer(panel()).nth(1)];
    await first.getByTestId('retry').click();
    assert.deepEqual(await panel().waitPosted('retry'), { type: 'retry', id: 'a1' });
    // error answers get Retry but no rating
    assert.equal(await failed.getByTestId('retry').isVisible(), true);
    assert.equal(await failed.getByTestId('feedback-up').isVisible(), false);
    assert.equal(await failed.getByTestId('error').textContent(), 'upstream failed');

    const up = first.getByTestId('feedback-up');
    assert.equal(await up.getAttribute('aria-pressed'), 'false');
    await up.click();
    assert.deepEqual(await panel().waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: 'up' });
    assert.equal(await up.getAttribute('aria-pressed'), 'false', 'not pressed until the extension confirms');
    await panel().send({ type: 'feedback', id: 'a1', rating: 'up' });
    await panel().page.waitForFunction(() => document.querySelector('[data-testid="feedback-up"]')?.getAttribute('aria-pressed') === 'true');
    await up.click();
    assert.deepEqual(await panel().waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: null });
    await first.getByTestId('feedback-down').click();
    assert.deepEqual(await panel().waitPosted('feedback'), { type: 'feedback', id: 'a1', rating: 'down' });

    const question = panel().page.getByTestId('user-message');
    await question.getByTestId('edit').click();
    const input = question.getByTestId('edit-input');
    assert.equal(await input.inputValue(), 'Explain x');
    await input.press('Escape');
    assert.equal(await input.isVisible(), false);
    assert.equal(await question.locator('.body').textContent(), 'Explain x');
    await question.getByTestId('edit').click();
    await input.fill('Explain z instead');
    await input.press('Enter');
    assert.deepEqual(await panel().waitPosted('editResend'), { type: 'editResend', id: 'u1', text: 'Explain z instead' });
    assert.equal(await input.isVisible(), false);
  });

  it('locks retry and edit while an answer streams', async () => {
    await panel().send({ type: 'transcript', entries: [
      { id: 'u1', role: 'user', text: 'q' }, { id: 'a1', role: 'assistant', text: 'old', status: 'done' },
    ] });
    await panel().send({ type: 'answerStart', id: 'a2' });
    await panel().page.waitForFunction(() => (document.querySelector('[data-testid="retry"]') as HTMLButtonElement).disabled);
    assert.equal(await panel().page.getByTestId('edit').isDisabled(), true);
    assert.equal(await answer(panel()).nth(1).getByTestId('retry').isVisible(), false);
    await panel().send({ type: 'answerEnd', id: 'a2', finishReason: 'stop' });
    await panel().page.waitForFunction(() => !(document.querySelector('[data-testid="edit"]') as HTMLButtonElement).disabled);
    assert.equal(await panel().page.getByTestId('retry').first().isDisabled(), false);
  });

  it('keyboard only: Tab reaches the input, Enter sends, Shift+Enter is a newline, Escape stops a stream', async () => {
    await panel().page.locator('body').click({ position: { x: 5, y: 5 } });
    await panel().page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let found = false;
    for (let i = 0; i < 15 && !found; i++) {
      await panel().page.keyboard.press('Tab');
      found = await panel().page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'chat-input');
    }
    assert.ok(found, 'Tab reaches the question box');
    await panel().page.keyboard.type('line one');
    await panel().page.keyboard.press('Shift+Enter');
    await panel().page.keyboard.type('line two');
    await panel().page.keyboard.press('Enter');
    assert.deepEqual(await panel().waitPosted('ask'), { type: 'ask', text: 'line one\nline two' });
    assert.equal(await panel().page.getByTestId('chat-input').inputValue(), '');
    await panel().send({ type: 'answerStart', id: 'a' });
    await panel().page.getByTestId('stop').waitFor();
    await panel().page.keyboard.press('Escape');
    assert.deepEqual(await panel().waitPosted('stop'), { type: 'stop' });
  });

  it('restores the conversation, draft and view after a reload (VS Code reloads hidden webviews)', async () => {
    await panel().send({ type: 'conversation', id: 'c1', title: 'Flaky test' });
    await panel().send({ type: 'userMessage', id: 'u1', text: 'why?', context: [] });
    await panel().send({ type: 'answerStart', id: 'a1' });
    await panel().send({ type: 'answerDelta', id: 'a1', text: 'Because **timing**.' });
    await panel().send({ type: 'answerEnd', id: 'a1', finishReason: 'stop' });
    await panel().send({ type: 'feedback', id: 'a1', rating: 'down' });
    await panel().page.getByTestId('chat-input').fill('follow-up draft');
    await panel().page.waitForTimeout(400); // saving is throttled (200 ms)
    await panel().page.reload();
    await panel().page.getByTestId('chat-input').waitFor();
    assert.equal(await panel().page.getByTestId('chat-input').inputValue(), 'follow-up draft');
    assert.equal(await answer(panel()).locator('strong').textContent(), 'timing');
    assert.equal(await panel().page.getByTestId('user-message').locator('.body').textContent(), 'why?');
    assert.equal(await answer(panel()).getByTestId('feedback-down').getAttribute('aria-pressed'), 'true');
    assert.equal(await panel().page.getByTestId('conversation-title').textContent(), 'Flaky test');
    assert.equal((await panel().posted()).filter((m) => m.type === 'ready').length, 1, 'the reloaded page says ready again');
  });

  it('ignores invalid messages from the extension and keeps working', async () => {
    await panel().send({ type: 'answerDelta', id: 'a' }); // no text
    await panel().send({ type: 'nonsense' });
    await panel().send({ type: 'models', items: [{ id: 'x' }], selected: 3 } as Record<string, unknown>);
    await panel().page.evaluate(() => window.postMessage('not even an object', '*'));
    await panel().send({ type: 'userMessage', id: 'u', text: 'still alive', context: [] });
    await panel().page.getByTestId('user-message').getByText('still alive').waitFor();
    assert.equal(await panel().page.getByTestId('assistant-message').count(), 0);
    assert.equal(await panel().page.getByTestId('model-picker').isVisible(), false);
  });

  it('shows a dismissible notice with a role by level, and prefill fills and focuses the input', async () => {
    await panel().send({ type: 'notice', level: 'error', message: 'Rate limited, retry in 20 s' });
    const notice = panel().page.getByTestId('notice');
    await notice.getByText('Rate limited, retry in 20 s').waitFor();
    assert.equal(await notice.getAttribute('role'), 'alert');
    await panel().send({ type: 'notice', level: 'info', message: 'Saved' });
    await notice.getByText('Saved').waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notice.isVisible(), false);
    await panel().page.getByTestId('new-chat').focus();
    await panel().send({ type: 'prefill', text: 'Review this function' });
    await panel().page.waitForFunction(() => (document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value === 'Review this function');
    assert.equal(await panel().page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'chat-input');
  });
});
