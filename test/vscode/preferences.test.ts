// The user's preferences on the server follow them into the editor: turning chat off on the server
// stops questions (with a notice), and a default chat model is used until one is picked here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';
import { env, fake, freshChat, signedIn, waitFor } from './helpers';

async function putPreferences(body: unknown): Promise<void> {
  const res = await fetch(`${env('CHURNISTIC_TEST_SERVER_URL')}/api/v1/me/preferences`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${env('CHURNISTIC_TEST_TOKEN')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

describe('server preferences in the editor', () => {
  let api: ChurnisticApi;

  before(async () => { api = await signedIn(); });
  beforeEach(freshChat);
  after(async () => {
    await putPreferences({});
    await vscode.commands.executeCommand('churnistic.checkConnection');
  });

  it('chat turned off on the server: a question is not sent and the panel says why', async () => {
    await putPreferences({ features: { chat: false } });
    await vscode.commands.executeCommand('churnistic.checkConnection');
    const before = (await fake.state()).requests.length;
    await waitFor('the preference to arrive', async () => {
      const mark = api.chat.posted().length;
      await api.chat.receive({ type: 'ask', text: 'is chat off? (pref-p1)' });
      return api.chat.posted().slice(mark).some((m) => m.type === 'notice' && /turned off/.test(m.message)) || undefined;
    }, 15_000);
    assert.equal((await fake.state()).requests.length, before, 'nothing reached the model');
    assert.deepEqual(api.chat.transcript(), []);

    await putPreferences({ features: { chat: true } });
    await vscode.commands.executeCommand('churnistic.checkConnection');
    await fake.script({ text: 'chat is back' });
    await waitFor('chat to work again', async () => {
      await api.chat.receive({ type: 'ask', text: 'and now? (pref-p2)' });
      return api.chat.transcript().some((e) => e.text === 'chat is back') || undefined;
    }, 15_000);
  });

  it('the default chat model from the preferences goes with the questions', async () => {
    const models = api.chat.posted().filter((m) => m.type === 'models').at(-1);
    const other = models?.type === 'models' ? models.items.find((m) => !m.isDefault) : undefined;
    assert.ok(other, 'the server offers a second model');
    await putPreferences({ defaultModels: { chat: other.id } });
    await vscode.commands.executeCommand('churnistic.checkConnection');
    await waitFor('the picker to show the preferred model', () => {
      const last = api.chat.posted().filter((m) => m.type === 'models').at(-1);
      return last?.type === 'models' && last.selected === other.id;
    }, 15_000);
    await fake.script({ text: 'answered by the preferred model' });
    await api.chat.receive({ type: 'ask', text: 'which model? (pref-p3)' });
    assert.equal(api.chat.transcript()[1]?.model, other.id);
  });
});
