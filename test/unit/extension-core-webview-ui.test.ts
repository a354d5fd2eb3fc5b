// The chat webview's pure parts: fenced-code splitting and the message reducer.
import assert from 'node:assert/strict';
import { contextNote } from '../../webview-ui/src/context-note';
import { splitFences, splitInlineCode } from '../../webview-ui/src/markdown';
import { initialState, isStreaming, reduce, type ViewState } from '../../webview-ui/src/state';
import type { ExtensionToWebview } from '../../protocol';

describe('extension core: webview markdown', () => {
  it('splits text and closed fenced blocks with their language', () => {
    assert.deepEqual(splitFences('Here:\n```ts\nconst a = 1;\n```\nDone.'), [
      { kind: 'text', text: 'Here:' },
      { kind: 'code', lang: 'ts', code: 'const a = 1;', closed: true },
      { kind: 'text', text: 'Done.' },
    ]);
  });

  it('treats an unterminated fence (still streaming) as code to the end', () => {
    assert.deepEqual(splitFences('A\n```py\nprint(1)\npri'), [
      { kind: 'text', text: 'A' },
      { kind: 'code', lang: 'py', code: 'print(1)\npri', closed: false },
    ]);
  });

  it('needs a matching closing fence (``` inside ~~~ is code)', () => {
    assert.deepEqual(splitFences('~~~\n```\nx\n~~~'), [{ kind: 'code', lang: '', code: '```\nx', closed: true }]);
  });

  it('keeps markup characters as plain text (rendered with textContent)', () => {
    assert.deepEqual(splitFences('<img src=x onerror=alert(1)>'), [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('finds `inline code` spans', () => {
    assert.deepEqual(splitInlineCode('call `foo()` then `bar`.'), [
      { kind: 'text', text: 'call ' }, { kind: 'code', text: 'foo()' }, { kind: 'text', text: ' then ' },
      { kind: 'code', text: 'bar' }, { kind: 'text', text: '.' },
    ]);
  });
});

describe('extension core: webview state', () => {
  const run = (messages: ExtensionToWebview[], from: ViewState = initialState) =>
    messages.reduce((s, m) => reduce(s, m).state, from);

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

  it('transcript replaces, cleared empties, context and connection update', () => {
    let s = run([{ type: 'userMessage', id: 'u', text: 'old', context: [] }]);
    s = run([{ type: 'transcript', entries: [{ id: 'x', role: 'user', text: 'new' }] }], s);
    assert.deepEqual(s.entries.map((e) => e.text), ['new']);
    s = run([{ type: 'context', items: [{ fileName: 'a', language: 'ts', code: 'c' }] }, { type: 'connection', state: 'signedOut', serverUrl: 'http://s' }], s);
    assert.equal(s.context.length, 1);
    assert.deepEqual(s.connection, { state: 'signedOut', serverUrl: 'http://s' });
    s = run([{ type: 'cleared' }], s);
    assert.deepEqual([s.entries, s.context], [[], []]);
  });
});

describe('extension core: webview context note', () => {
  const report = (over: object = {}) => ({
    promptTokens: 900, contextWindow: 8192, completionReserve: 2048, counting: 'exact' as const, tokenizer: 'o200k_base',
    keptMessages: 4, dropped: { messages: 0, tokens: 0 }, summarized: false, truncated: [], ...over,
  });

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
    assert.deepEqual(contextNote(report({ dropped: { messages: 1, tokens: 10 } })),
      ['1 earlier message was left out to fit the model\'s context window (8,192 tokens).']);
  });

  it('the reducer keeps the report on its answer (and so across reloads, in the saved state)', () => {
    const r = report({ dropped: { messages: 2, tokens: 300 } });
    const s = [
      { type: 'answerStart', id: 'a' } as const,
      { type: 'answerContext', id: 'a', report: r } as const,
      { type: 'answerDelta', id: 'a', text: 'Hi' } as const,
    ].reduce((st, m) => reduce(st, m).state, initialState);
    assert.deepEqual(s.entries[0], { id: 'a', role: 'assistant', text: 'Hi', status: 'streaming', contextReport: r });
  });
});
