// The history view in a real browser: list, debounced search with <mark>ed snippets, Load more,
// open, rename inline, delete with its confirm step, the offline banner and errors.
import assert from 'node:assert/strict';
import type { HistoryItem } from '../../protocol';
import { usePanel } from './harness';

const item = (id: string, title: string, over: Partial<HistoryItem> = {}): HistoryItem =>
  ({ id, title, updatedAt: new Date(Date.now() - 3 * 3600_000).toISOString(), messageCount: 4, ...over });

describe('webview: history view (chromium)', function () {
  // every test also proves the page threw nothing and the CSP blocked nothing (harness.ts)
  const panel = usePanel();

  const view = () => panel().page.getByTestId('history-view');
  const items = () => view().getByTestId('history-item');
  const titles = () => items().locator('.history-title').allTextContents();

  async function openWithPage(): Promise<void> {
    await panel().page.getByTestId('history-tab').click();
    assert.deepEqual(await panel().waitPosted('listHistory'), { type: 'listHistory' });
    await panel().send({ type: 'history', page: { items: [item('c1', 'Fix flaky test'), item('c2', 'Explain parser', { messageCount: 1 })], nextCursor: 'n2', append: false, offline: false } });
    await items().first().waitFor();
  }

  it('opening asks for the list once, shows items with date and count, and Load more appends', async () => {
    assert.equal(await view().isVisible(), false);
    await openWithPage();
    assert.equal(await panel().page.getByTestId('messages').isVisible(), false);
    assert.deepEqual(await titles(), ['Fix flaky test', 'Explain parser']);
    assert.deepEqual(await items().locator('.history-meta').allTextContents(), ['3 h ago · 4 messages', '3 h ago · 1 message']);
    await panel().page.getByTestId('history-more').click();
    assert.deepEqual(await panel().waitPosted('listHistory'), { type: 'listHistory', cursor: 'n2' });
    await panel().send({ type: 'history', page: { items: [item('c3', 'Older chat')], append: true, offline: false } });
    await panel().page.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 3);
    assert.deepEqual(await titles(), ['Fix flaky test', 'Explain parser', 'Older chat']);
    assert.equal(await panel().page.getByTestId('history-more').isVisible(), false, 'no cursor, no Load more');
    // back to chat and in again: already loaded, so no second request
    await panel().page.getByTestId('history-tab').click();
    await panel().page.getByTestId('history-tab').click();
    assert.equal((await panel().posted()).filter((m) => m.type === 'listHistory').length, 2);
  });

  it('search is debounced, shows the snippet with <mark> on the matches (as text), and an empty box lists again', async () => {
    await openWithPage();
    await panel().clearPosted();
    const search = panel().page.getByTestId('history-search');
    await search.pressSequentially('flak', { delay: 30 });
    await panel().waitPosted('searchHistory');
    assert.deepEqual((await panel().posted()).filter((m) => m.type === 'searchHistory'), [{ type: 'searchHistory', query: 'flak' }], 'one request for the burst');
    const text = 'the <b>flaky</b> test is flaky';
    await panel().send({ type: 'history', page: { query: 'flak', append: false, offline: false, items: [
      item('c1', 'Fix flaky test', { snippet: { text, highlights: [{ start: 7, end: 12 }, { start: 25, end: 30 }] } }),
    ] } });
    const snippet = items().first().getByTestId('history-snippet');
    await snippet.waitFor();
    assert.deepEqual(await snippet.locator('mark').allTextContents(), ['flaky', 'flaky']);
    assert.equal(await snippet.textContent(), text);
    assert.equal(await snippet.locator('b').count(), 0, 'snippet markup is text');
    await search.fill('');
    assert.deepEqual(await panel().waitPosted('listHistory'), { type: 'listHistory' });
  });

  it('Enter or a click opens a conversation and switches back to the chat', async () => {
    await openWithPage();
    await items().nth(1).focus();
    await panel().page.keyboard.press('Enter');
    assert.deepEqual(await panel().waitPosted('openConversation'), { type: 'openConversation', id: 'c2' });
    assert.equal(await view().isVisible(), false);
    assert.equal(await panel().page.getByTestId('chat-input').isVisible(), true);
    await panel().page.getByTestId('history-tab').click();
    await items().first().locator('.history-title').click();
    assert.deepEqual(await panel().waitPosted('openConversation'), { type: 'openConversation', id: 'c1' });
  });

  it('renames inline and deletes only after the confirm step', async () => {
    await openWithPage();
    await items().first().getByTestId('history-rename').click();
    const rename = items().first().getByTestId('history-rename-input');
    assert.equal(await rename.inputValue(), 'Fix flaky test');
    await rename.fill('Flaky CI test');
    await rename.press('Enter');
    assert.deepEqual(await panel().waitPosted('renameConversation'), { type: 'renameConversation', id: 'c1', title: 'Flaky CI test' });
    assert.deepEqual(await titles(), ['Flaky CI test', 'Explain parser']);
    assert.equal((await panel().posted()).some((m) => m.type === 'openConversation'), false);

    await items().nth(1).getByTestId('history-delete').click();
    assert.equal((await panel().posted()).some((m) => m.type === 'deleteConversation'), false, 'not before confirming');
    await items().nth(1).getByTestId('history-delete-cancel').click();
    assert.equal(await items().count(), 2);
    await items().nth(1).getByTestId('history-delete').click();
    await items().nth(1).getByTestId('history-delete-confirm').click();
    assert.deepEqual(await panel().waitPosted('deleteConversation'), { type: 'deleteConversation', id: 'c2' });
    assert.deepEqual(await titles(), ['Flaky CI test']);
  });

  it('shows the offline banner and errors; showView from the extension switches views', async () => {
    await panel().send({ type: 'showView', view: 'history' });
    await view().waitFor();
    assert.deepEqual(await panel().waitPosted('listHistory'), { type: 'listHistory' });
    await panel().send({ type: 'history', page: { items: [item('c1', 'Cached one')], append: false, offline: true } });
    await panel().page.getByTestId('history-offline').waitFor();
    assert.match(await panel().page.getByTestId('history-offline').textContent() ?? '', /offline — showing cached conversations/i);
    await panel().send({ type: 'history', page: { items: [], append: false, offline: false, error: 'Could not load the history: 503' } });
    await panel().page.getByTestId('history-error').getByText('Could not load the history: 503').waitFor();
    assert.equal(await panel().page.getByTestId('history-offline').isVisible(), false);
    await panel().send({ type: 'showView', view: 'chat' });
    await panel().page.getByTestId('chat-input').waitFor();
    assert.equal(await view().isVisible(), false);
  });

  it('stays on the history view with its items after a reload', async () => {
    await openWithPage();
    await panel().page.waitForTimeout(400); // saving is throttled
    await panel().page.reload();
    await view().waitFor();
    assert.deepEqual(await titles(), ['Fix flaky test', 'Explain parser']);
  });
});
