// The chat webview's pure parts: the message reducer and saved-state restore, Markdown block
// splitting (what a streaming answer re-renders), the composer's @/slash menus, chip labels, the
// context meter, and the history list's snippet highlighting and dates.
import assert from 'node:assert/strict';
import type { ContextReport, ExtensionToWebview, HistoryItem } from '../../protocol';
import { applySlash, filterItems, findTrigger, MENTIONS, removeTrigger, slashItems } from '../../webview-ui/src/completions';
import { chipGroups, chipText } from '../../webview-ui/src/context-label';
import { contextNote } from '../../webview-ui/src/context-note';
import { relativeTime, snippetParts } from '../../webview-ui/src/history-format';
import { changedBlocks, isSafeLink, renderMarkdown, splitBlocks } from '../../webview-ui/src/markdown';
import { formatTokens, meterView } from '../../webview-ui/src/meter';
import { initialState, isStreaming, persisted, reduce, restore, type ViewState } from '../../webview-ui/src/state';

const run = (messages: ExtensionToWebview[], from: ViewState = initialState) =>
  messages.reduce((s, m) => reduce(s, m).state, from);

const report = (over: Partial<ContextReport> = {}): ContextReport => ({
  promptTokens: 900, contextWindow: 8192, completionReserve: 2048, counting: 'exact', tokenizer: 'o200k_base',
  keptMessages: 4, dropped: { messages: 0, tokens: 0 }, summarized: false, truncated: [], ...over,
});

const item = (id: string, over: Partial<HistoryItem> = {}): HistoryItem =>
  ({ id, title: `T ${id}`, updatedAt: '2026-01-01T00:00:00Z', messageCount: 2, ...over });

describe('webview ui: state reducer', () => {
  it('builds a streaming answer from start/delta/end', () => {
    let s = run([
      { type: 'userMessage', id: 'u', text: 'hi', context: [] },
      { type: 'answerStart', id: 'a' },
      { type: 'answerDelta', id: 'a', text: 'Hel' },
    ]);
    assert.equal(isStreaming(s), true);
    s = run([{ type: 'answerStart', id: 'a', model: 'llama' }, { type: 'answerDelta', id: 'a', text: 'lo' }, { type: 'answerEnd', id: 'a', finishReason: 'stop' }], s);
    assert.deepEqual(s.entries[1], { id: 'a', role: 'assistant', text: 'Hello', status: 'done', model: 'llama' });
    assert.equal(isStreaming(s), false);
  });

  it('stopped and error answers end streaming; an error for an unknown id still shows', () => {
    const s = run([{ type: 'answerStart', id: 'a' }, { type: 'answerEnd', id: 'a', finishReason: 'stopped' }, { type: 'answerError', id: 'b', message: 'boom' }]);
    assert.deepEqual(s.entries.map((e) => [e.status, e.error]), [['stopped', undefined], ['error', 'boom']]);
    assert.equal(isStreaming(s), false);
  });

  it('keeps the context report on its answer', () => {
    const r = report({ dropped: { messages: 2, tokens: 300 } });
    const s = run([{ type: 'answerStart', id: 'a' }, { type: 'answerContext', id: 'a', report: r }, { type: 'answerDelta', id: 'a', text: 'Hi' }]);
    assert.deepEqual(s.entries[0], { id: 'a', role: 'assistant', text: 'Hi', status: 'streaming', contextReport: r });
  });

  it('transcript replaces, cleared empties entries, context and the title; context and connection update', () => {
    let s = run([{ type: 'userMessage', id: 'u', text: 'old', context: [] }, { type: 'conversation', id: 'c1', title: 'Old chat' }]);
    s = run([{ type: 'transcript', entries: [{ id: 'x', role: 'user', text: 'new' }] }], s);
    assert.deepEqual(s.entries.map((e) => e.text), ['new']);
    s = run([{ type: 'context', items: [{ fileName: 'a', language: 'ts', code: 'c' }] }, { type: 'connection', state: 'signedOut', serverUrl: 'http://s' }], s);
    assert.equal(s.context.length, 1);
    assert.deepEqual(s.connection, { state: 'signedOut', serverUrl: 'http://s' });
    assert.equal(s.conversation.title, 'Old chat');
    s = run([{ type: 'cleared' }], s);
    assert.deepEqual([s.entries, s.context, s.conversation], [[], [], { id: null }]);
  });

  it('feedback sets and takes back the rating, found by our id or the server id; unknown ids change nothing', () => {
    let s = run([{ type: 'transcript', entries: [{ id: 'a', role: 'assistant', text: 'x', status: 'done', serverId: 'srv-9' }] }]);
    s = run([{ type: 'feedback', id: 'a', rating: 'up' }], s);
    assert.equal(s.entries[0]!.feedback, 'up');
    s = run([{ type: 'feedback', id: 'srv-9', rating: 'down' }], s);
    assert.equal(s.entries[0]!.feedback, 'down');
    s = run([{ type: 'feedback', id: 'a', rating: null }], s);
    assert.equal('feedback' in s.entries[0]!, false);
    const r = reduce(s, { type: 'feedback', id: 'nope', rating: 'up' });
    assert.equal(r.state, s);
    assert.deepEqual(r.change, { kind: 'none' });
  });

  it('models, slash commands, meter, conversation, notice, prefill and showView each set their part', () => {
    const model = { id: 'm1', provider: 'groq', contextWindow: 131072, isDefault: true };
    const meter = { usedTokens: 10, contextWindow: 100, reserve: 20, model: 'm1', source: 'estimate' as const };
    const cases: [ExtensionToWebview, string, (s: ViewState) => unknown, unknown][] = [
      [{ type: 'models', items: [model], selected: 'm1' }, 'models', (s) => [s.models, s.selectedModel], [[model], 'm1']],
      [{ type: 'slashCommands', items: [{ name: 'explain', description: 'd', source: 'builtin' }] }, 'slash', (s) => s.slashCommands.map((c) => c.name), ['explain']],
      [{ type: 'meter', meter }, 'meter', (s) => s.meter, meter],
      [{ type: 'conversation', id: 'c', title: 'Fix tests' }, 'conversation', (s) => s.conversation, { id: 'c', title: 'Fix tests' }],
      [{ type: 'conversation', id: null }, 'conversation', (s) => s.conversation, { id: null }],
      [{ type: 'notice', level: 'warning', message: 'careful' }, 'notice', (s) => s.notice, { level: 'warning', message: 'careful' }],
      [{ type: 'prefill', text: 'Explain this' }, 'draft', (s) => s.draft, 'Explain this'],
      [{ type: 'showView', view: 'history' }, 'view', (s) => s.view, 'history'],
    ];
    for (const [message, kind, get, expected] of cases) {
      const r = reduce(initialState, message);
      assert.deepEqual(r.change, { kind }, message.type);
      assert.deepEqual(get(r.state), expected, message.type);
    }
  });

  it('history pages replace, append (without duplicates) and carry offline, error and the cursor', () => {
    let s = run([{ type: 'history', page: { items: [item('1'), item('2')], nextCursor: 'c2', append: false, offline: false } }]);
    assert.deepEqual([s.history.loaded, s.history.items.map((i) => i.id), s.history.nextCursor], [true, ['1', '2'], 'c2']);
    s = run([{ type: 'history', page: { items: [item('2'), item('3')], append: true, offline: true } }], s);
    assert.deepEqual(s.history.items.map((i) => i.id), ['1', '2', '3']);
    assert.equal(s.history.nextCursor, undefined);
    assert.equal(s.history.offline, true);
    s = run([{ type: 'history', page: { query: 'bug', items: [item('9')], append: false, offline: false, error: 'Search failed' } }], s);
    assert.deepEqual([s.history.query, s.history.items.map((i) => i.id), s.history.error, s.history.offline], ['bug', ['9'], 'Search failed', false]);
    // a next page of another query does not mix into this one
    s = run([{ type: 'history', page: { items: [item('4')], append: true, offline: false } }], s);
    assert.deepEqual([s.history.query, s.history.items.map((i) => i.id)], ['', ['4']]);
  });

  it('saved state: the notice is not kept; restore keeps fields of the right shape only', () => {
    const s = run([{ type: 'notice', level: 'info', message: 'x' }, { type: 'prefill', text: 'draft' }]);
    assert.equal('notice' in persisted(s), false);
    const back = restore(JSON.parse(JSON.stringify(persisted(s))));
    assert.deepEqual([back.draft, back.notice], ['draft', null]);
    const broken = restore({ entries: 'nope', view: 'elsewhere', draft: 3, history: { items: 1 }, selectedModel: 'm2' });
    assert.deepEqual([broken.entries, broken.view, broken.draft, broken.history, broken.selectedModel], [[], 'chat', '', initialState.history, 'm2']);
    assert.equal(restore(undefined), initialState);
  });
});

describe('webview ui: markdown', () => {
  it('splits an answer into top-level blocks with their source', () => {
    const text = '# Title\n\nSome *text*.\n\n- a\n- b\n\n```ts\nconst a = 1;\n```\nAfter.';
    assert.deepEqual(splitBlocks(text).blocks.map((b) => b.source.trimEnd()),
      ['# Title', 'Some *text*.', '- a\n- b', '```ts\nconst a = 1;\n```', 'After.']);
  });

  it('while streaming, a delta changes only the last block; an unterminated fence is a code block', () => {
    const before = splitBlocks('Intro.\n\n```py\nprint(1)').blocks;
    const after = splitBlocks('Intro.\n\n```py\nprint(1)\nprint(2)').blocks;
    assert.deepEqual(changedBlocks(before.map((b) => b.source), after), [1]);
    assert.equal(after[1]!.tokens[0]!.type, 'fence');
    assert.match(renderMarkdown('```py\nprint(2)'), /<pre class="code-src" data-lang="py"><code class="hljs language-py">.*print.*<\/code><\/pre>/s);
    // a paragraph that becomes a list is still only the last block
    const a = splitBlocks('x\n\n- one').blocks;
    const b = splitBlocks('x\n\n- one\n- two').blocks;
    assert.deepEqual(changedBlocks(a.map((k) => k.source), b), [1]);
  });

  it('renders headings, lists, emphasis and inline code', () => {
    const html = renderMarkdown('## Steps\n\n1. run `npm test`\n2. **fix**');
    assert.match(html, /<h2>Steps<\/h2>/);
    assert.match(html, /<ol>\s*<li>run <code>npm test<\/code><\/li>\s*<li><strong>fix<\/strong><\/li>\s*<\/ol>/);
  });

  it('raw HTML is text, and only http/https/mailto become links (also by linkify)', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [bad](javascript:alert(1)) [ok](https://example.com) see http://a.dev');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;/);
    assert.doesNotMatch(html, /href="javascript/);
    assert.match(html, /<a href="https:\/\/example.com">ok<\/a>/);
    assert.match(html, /<a href="http:\/\/a.dev">http:\/\/a.dev<\/a>/);
    assert.deepEqual(['https://x', 'mailto:a@b', 'javascript:x', 'data:text/html,x', 'vscode:x', ' HTTP://X'].map(isSafeLink),
      [true, true, false, false, false, true]);
  });

  it('highlights known languages with hljs spans and escapes unknown ones', () => {
    assert.match(renderMarkdown('```ts\nconst x: number = 1;\n```'), /<span class="hljs-keyword">const<\/span>/);
    assert.match(renderMarkdown('```diff\n+added\n```'), /hljs-addition/);
    const unknown = renderMarkdown('```klingon\n<b>&\n```');
    assert.match(unknown, /&lt;b&gt;&amp;/);
    assert.doesNotMatch(unknown, /<span/);
  });

  it('shows images as links (remote content never loads)', () => {
    assert.match(renderMarkdown('![diagram](https://x.dev/a.png)'), /<a href="https:\/\/x.dev\/a.png">diagram<\/a>/);
    assert.doesNotMatch(renderMarkdown('![x](javascript:alert(1))'), /<a|<img/);
  });
});

describe('webview ui: composer menus', () => {
  it('finds @word after a space or at the start, and /word only at the start of the draft', () => {
    assert.deepEqual(findTrigger('explain @sel', 12), { kind: 'mention', start: 8, query: 'sel' });
    assert.deepEqual(findTrigger('@', 1), { kind: 'mention', start: 0, query: '' });
    assert.equal(findTrigger('mail a@b', 8), undefined);
    assert.deepEqual(findTrigger('/exp', 4), { kind: 'slash', start: 0, query: 'exp' });
    assert.equal(findTrigger('/explain now', 12), undefined);
    assert.equal(findTrigger('a /x', 4), undefined);
  });

  it('filters prefix matches first, then substring matches', () => {
    assert.deepEqual(filterItems(MENTIONS, 'p').map((i) => i.id), ['problems', 'workspace']);
    assert.deepEqual(filterItems(MENTIONS, 'FI').map((i) => i.id), ['file']);
    assert.deepEqual(filterItems(MENTIONS, 'zzz'), []);
    const slash = slashItems([{ name: 'explain', description: 'Explain', source: 'builtin' }, { name: 'review-pr', description: 'Review', source: 'team' }]);
    assert.deepEqual(filterItems(slash, 'rev').map((i) => [i.label, i.description]), [['/review-pr', 'Review (team)']]);
  });

  it('choosing a mention removes the typed @word; choosing a command fills "/name "', () => {
    assert.deepEqual(removeTrigger('explain @sel', { kind: 'mention', start: 8, query: 'sel' }, 12), { draft: 'explain', caret: 7 });
    assert.deepEqual(removeTrigger('fix @pro now', { kind: 'mention', start: 4, query: 'pro' }, 8), { draft: 'fix now', caret: 4 });
    assert.deepEqual(removeTrigger('@sel this', { kind: 'mention', start: 0, query: 's' }, 2), { draft: 'this', caret: 0 });
    assert.deepEqual(applySlash('/ex', 'explain', 3), { draft: '/explain ', caret: 9 });
  });
});

describe('webview ui: chips and meter', () => {
  it('labels chips by kind with redaction and clipping badges', () => {
    const sel = chipText({ kind: 'selection', fileName: 'src/app.ts', language: 'ts', code: 'a\nb\nc\nd\ne\nf\ng', startLine: 2, redactions: 2 });
    assert.deepEqual([sel.label, sel.badges], ['selection · app.ts:3-9', ['2 secrets redacted']]);
    assert.equal(chipText({ kind: 'selection', fileName: 'a.py', language: 'py', code: 'x', startLine: 0 }).label, 'selection · a.py:1');
    const problems = 'src/a.ts\n  3:5 error ts(2322): bad\n  9:1 warning: meh\nsrc/b.ts\n  1:1 error: x\n… and 7 more (7 warnings)';
    assert.equal(chipText({ kind: 'problems', fileName: 'Problems', language: 'text', code: problems }).label, 'problems · 10');
    assert.equal(chipText({ kind: 'problems', fileName: 'Problems', language: 'text', code: 'No problems reported.' }).label, 'problems · 0');
    assert.equal(chipText({ kind: 'diff', fileName: 'git diff', language: 'diff', code: '+x' }).label, 'diff');
    const clipped = chipText({ kind: 'file', fileName: 'big.ts', language: 'ts', code: 'x', clipped: { totalLines: 900, keptLines: 120 }, redactions: 1 });
    assert.deepEqual([clipped.label, clipped.badges], ['file · big.ts', ['1 secret redacted', '120 of 900 lines kept']]);
  });

  it('groups side-by-side workspace snippets into one chip that removes them all', () => {
    const ws = (fileName: string, redactions = 0) => ({ kind: 'workspace' as const, fileName, language: 'ts', code: 'x', startLine: 0, redactions });
    const groups = chipGroups([ws('a.ts', 1), ws('b.ts'), { kind: 'diff', fileName: 'repo (git diff)', language: 'diff', code: '+' }, ws('c.ts', 2)]);
    assert.deepEqual(groups.map((g) => [g.indexes, g.text.label, g.text.badges]), [
      [[0, 1], 'workspace · 2 snippets', ['1 secret redacted']],
      [[2], 'diff', []],
      [[3], 'workspace · c.ts:1', ['2 secrets redacted']],
    ]);
  });

  it('formats token counts and warns above 80% of window minus reserve', () => {
    assert.deepEqual([950, 3210, 128000, 131072, 1_048_576].map(formatTokens), ['950', '3.2k', '128k', '131k', '1M']);
    const m = (usedTokens: number, source: 'estimate' | 'server' = 'estimate') => meterView({ usedTokens, contextWindow: 1000, reserve: 200, model: 'm', source });
    assert.deepEqual([m(640).level, m(641).level, m(801).level], ['ok', 'warning', 'over']);
    assert.equal(m(3200).text, '3.2k / 1k tokens');
    assert.match(m(10).tooltip, /^Estimated/);
    assert.match(m(10, 'server').tooltip, /server's count/);
  });
});

describe('webview ui: history formatting', () => {
  it('cuts a snippet at its highlights (clamped, sorted, merged)', () => {
    assert.deepEqual(snippetParts({ text: 'fix the flaky test', highlights: [{ start: 14, end: 18 }, { start: 8, end: 13 }] }), [
      { text: 'fix the ', mark: false }, { text: 'flaky', mark: true }, { text: ' ', mark: false }, { text: 'test', mark: true },
    ]);
    assert.deepEqual(snippetParts({ text: 'abcdef', highlights: [{ start: 1, end: 3 }, { start: 2, end: 4 }, { start: 5, end: 99 }, { start: 4, end: 4 }] }), [
      { text: 'a', mark: false }, { text: 'bcd', mark: true }, { text: 'e', mark: false }, { text: 'f', mark: true },
    ]);
    assert.deepEqual(snippetParts({ text: '<b>x</b>', highlights: [] }), [{ text: '<b>x</b>', mark: false }]);
  });

  it('says how long ago in words, then the date', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const ago = (ms: number) => relativeTime(new Date(now - ms).toISOString(), now);
    assert.deepEqual([ago(5_000), ago(5 * 60_000), ago(3 * 3600_000), ago(30 * 3600_000), ago(4 * 86400_000), ago(40 * 86400_000)],
      ['just now', '5 min ago', '3 h ago', 'yesterday', '4 days ago', '2026-01-29']);
    assert.equal(relativeTime('not a date', now), '');
  });
});

describe('webview ui: context note', () => {
  it('says nothing when nothing was cut', () => {
    assert.deepEqual(contextNote(undefined), []);
    assert.deepEqual(contextNote(report()), []);
  });

  it('says how many earlier messages were left out and which files were shortened or left out', () => {
    assert.deepEqual(contextNote(report({
      dropped: { messages: 3, tokens: 2100 }, summarized: true,
      truncated: [{ fileName: 'src/big.ts', totalLines: 2000, keptLines: 120 }, { fileName: 'min.js', totalLines: 1, keptLines: 0 }],
    })), [
      '3 earlier messages were left out to fit the model\'s context window (8,192 tokens); the model was told what they asked.',
      'src/big.ts was shortened to fit the model\'s context window (8,192 tokens): 120 of 2,000 lines kept (its start and end).',
      'min.js (1 line) was left out: it did not fit the model\'s context window (8,192 tokens).',
    ]);
  });
});
