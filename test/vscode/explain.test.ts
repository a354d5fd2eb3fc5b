// Explain Selection: the selected code (and only it) travels extension → server → upstream.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';
import { fake, freshChat, signedIn } from './helpers';

const SOURCE = [
  'function outsideSelection_k3() { return 0; }',
  'function insideSelection_q7(a, b) {',
  '  return a * b + 1;',
  '}',
  'const alsoOutside_z9 = 1;',
].join('\n');

describe('explain selection', () => {
  let api: ChurnisticApi;

  before(async () => { api = await signedIn(); });
  beforeEach(freshChat);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sends the selection from an untitled document as context and shows the answer', async () => {
    await fake.script({ text: 'It multiplies a and b, then adds one.' });
    const doc = await vscode.workspace.openTextDocument({ content: SOURCE, language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 4, 0); // lines 2–4, ending at column 0 of line 5

    await vscode.commands.executeCommand('churnistic.explain');

    const [question, answer] = api.chat.transcript();
    assert.match(question?.text ?? '', /^Explain this code/);
    assert.deepEqual(question?.context, [{
      fileName: doc.uri.path, language: 'javascript', startLine: 1,
      code: 'function insideSelection_q7(a, b) {\n  return a * b + 1;\n}',
    }]);
    assert.equal(answer?.status, 'done', answer?.error);
    assert.equal(answer?.text, 'It multiplies a and b, then adds one.');

    const upstream = JSON.stringify((await fake.state()).requests.at(-1));
    assert.ok(upstream.includes('insideSelection_q7') && upstream.includes('return a * b + 1;'), 'the selected code did not reach the upstream');
    assert.ok(!upstream.includes('outsideSelection_k3') && !upstream.includes('alsoOutside_z9'), 'code outside the selection was sent');
  });

  it('with nothing selected, explains the whole file', async () => {
    await fake.script({ text: 'Three small definitions.' });
    const doc = await vscode.workspace.openTextDocument({ content: SOURCE, language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);

    await vscode.commands.executeCommand('churnistic.explain');

    const [question, answer] = api.chat.transcript();
    assert.equal(question?.context?.[0]?.code, SOURCE);
    assert.equal(question?.context?.[0]?.startLine, 0);
    assert.equal(answer?.status, 'done', answer?.error);
    const upstream = JSON.stringify((await fake.state()).requests.at(-1));
    assert.ok(upstream.includes('outsideSelection_k3') && upstream.includes('alsoOutside_z9'));
  });
});
