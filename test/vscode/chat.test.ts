// The chat view and its conversation, end to end: extension → Churnistic server → fake upstream.
// Messages enter through api.chat.receive, the same validated path the webview's postMessage takes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';
import { fake, freshChat, signedIn, waitFor } from './helpers';

const lastAnswer = (api: ChurnisticApi) => [...api.chat.transcript()].reverse().find((e) => e.role === 'assistant');

describe('chat view', () => {
  let api: ChurnisticApi;

  before(async () => { api = await signedIn(); });
  beforeEach(freshChat);

  it('resolves the webview, whose script loads under the CSP and says ready', async () => {
    await vscode.commands.executeCommand('churnistic.chat.focus');
    await waitFor('the chat webview to send "ready"', () => api.chat.isWebviewReady(), 25_000);
  });

  it('ignores messages that do not match the protocol', async () => {
    await api.chat.receive({ type: 'bogus' });
    await api.chat.receive({ type: 'ask', text: '   ' });
    await api.chat.receive({ type: 'ask', text: 42 });
    assert.deepEqual(api.chat.transcript(), []);
  });

  it('asks the server and shows the streamed answer', async () => {
    await fake.script({ text: 'Churnistic says hello from the fake upstream.' });
    await api.chat.receive({ type: 'ask', text: 'Say hello (chat-suite-q1)' });
    const [question, answer] = api.chat.transcript();
    assert.equal(question?.text, 'Say hello (chat-suite-q1)');
    assert.equal(answer?.error, undefined);
    assert.equal(answer?.status, 'done');
    assert.equal(answer?.text, 'Churnistic says hello from the fake upstream.');
    const state = await fake.state();
    assert.ok(JSON.stringify(state.requests).includes('chat-suite-q1'), 'the question did not reach the upstream');
  });

  it('a follow-up continues the same conversation (the upstream sees the earlier turn)', async () => {
    await fake.script([{ text: 'First answer (chat-suite-a1).' }, { text: 'Second answer.' }]);
    await api.chat.receive({ type: 'ask', text: 'first question (chat-suite-f1)' });
    await api.chat.receive({ type: 'ask', text: 'second question (chat-suite-f2)' });
    assert.deepEqual(api.chat.transcript().map((e) => e.status ?? e.role), ['user', 'done', 'user', 'done']);
    const state = await fake.state();
    const second = JSON.stringify(state.requests.at(-1));
    assert.ok(second.includes('chat-suite-f2') && second.includes('chat-suite-f1') && second.includes('chat-suite-a1'),
      `the second upstream request lacks the history: ${second.slice(0, 500)}`);
  });

  it('stop aborts the answer mid-stream and the upstream sees the disconnect', async () => {
    await fake.script({ chunks: Array.from({ length: 40 }, (_, i) => `part${i} `), chunkDelayMs: 250 });
    const before = (await fake.state()).disconnects;
    const asking = api.chat.receive({ type: 'ask', text: 'a long answer please' });
    await waitFor('the first streamed text', () => (lastAnswer(api)?.text.length ?? 0) > 0);
    await api.chat.receive({ type: 'stop' });
    await asking;
    const answer = lastAnswer(api);
    assert.equal(answer?.status, 'stopped');
    assert.ok(answer?.text.startsWith('part0'), `partial text kept: ${answer?.text}`);
    await waitFor('the fake upstream to see the disconnect', async () => (await fake.state()).disconnects > before, 10_000);
  });

  it('an upstream that drops mid-stream ends the answer with an error, not a clean finish', async () => {
    await fake.script({ chunks: ['one ', 'two ', 'three '], chunkDelayMs: 50, fault: 'drop', dropAfterChunks: 1 });
    await api.chat.receive({ type: 'ask', text: 'this will break' });
    const answer = lastAnswer(api);
    assert.equal(answer?.status, 'error', `status ${answer?.status}, text ${JSON.stringify(answer?.text)}`);
    assert.ok(answer?.error, 'no error message for the user');
  });

  it('New Chat clears the conversation', async () => {
    await fake.script({ text: 'ok' });
    await api.chat.receive({ type: 'ask', text: 'something' });
    assert.equal(api.chat.transcript().length, 2);
    await vscode.commands.executeCommand('churnistic.newChat');
    assert.deepEqual(api.chat.transcript(), []);
  });
});
