// Inline suggestions inside the real extension host: the provider answers VS Code's own inline
// suggestion commands with the fake upstream's completion, accepting it is recorded on the server,
// and the toggle command turns suggestions off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';
import { env, fake, signedIn, sleep, waitFor } from './helpers';

async function serverStats(): Promise<{ shown: number; accepted: number }> {
  const res = await fetch(`${env('CHURNISTIC_TEST_SERVER_URL')}/api/v1/completions/stats`, {
    headers: { authorization: `Bearer ${env('CHURNISTIC_TEST_TOKEN')}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { shown: number; accepted: number };
}

async function editorAt(content: string, line: number, character: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

/** Asks for a suggestion and accepts it as Tab does, until the document changes. */
async function triggerAndAccept(editor: vscode.TextEditor, expectedLine: string, line: number): Promise<void> {
  await waitFor(`the suggestion "${expectedLine}" to be accepted`, async () => {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(300);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    return editor.document.lineAt(line).text === expectedLine;
  }, 20_000);
}

describe('inline suggestions', () => {
  let api: ChurnisticApi;

  before(async () => { api = await signedIn(); });
  beforeEach(async () => {
    await fake.reset();
    await vscode.workspace.getConfiguration('churnistic.inline').update('enabled', true, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('accepting a suggestion inserts the model\'s completion and is recorded on the server', async () => {
    await fake.script({ text: '<COMPLETION>return 42;</COMPLETION>' });
    const before = await serverStats();
    const editor = await editorAt('function answer(): number {\n  \n}\n', 1, 2);
    await triggerAndAccept(editor, '  return 42;', 1);
    assert.ok(api.inline.stats().requestsSent >= 1, 'the engine sent a request');
    // the batcher sends events within seconds, never one request per event
    await waitFor('the accepted event on the server', async () => {
      const now = await serverStats();
      return now.accepted > before.accepted && now.shown > before.shown;
    }, 20_000);
  });

  it('Toggle Inline Suggestions turns them off: nothing is asked of the server', async () => {
    await vscode.commands.executeCommand('churnistic.inline.toggle');
    assert.equal(vscode.workspace.getConfiguration('churnistic.inline').get('enabled'), false);
    const sentBefore = api.inline.stats().requestsSent;
    const editor = await editorAt('const x = \n', 0, 10);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(1000);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    assert.equal(editor.document.lineAt(0).text, 'const x = ');
    assert.equal(api.inline.stats().requestsSent, sentBefore);
    assert.equal((await fake.state()).requests.length, 0);
    await vscode.commands.executeCommand('churnistic.inline.toggle');
    assert.equal(vscode.workspace.getConfiguration('churnistic.inline').get('enabled'), true);
  });

  it('a language turned off in churnistic.inline.languages gets no suggestions', async () => {
    const config = vscode.workspace.getConfiguration('churnistic.inline');
    await config.update('languages', { '*': true, typescript: false }, vscode.ConfigurationTarget.Global);
    try {
      const sentBefore = api.inline.stats().requestsSent;
      await editorAt('let y = \n', 0, 8);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(1000);
      assert.equal(api.inline.stats().requestsSent, sentBefore);
    } finally {
      await config.update('languages', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
