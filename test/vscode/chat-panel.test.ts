// The chat panel's actions inside the real extension host, against the real server and the fake
// upstream: @ mentions, secret redaction, sensitive files refused, retry and edit-and-resend,
// feedback stored on the server, Insert into the editor, slash commands and workspace templates,
// the history list/search/open. Messages enter through api.chat.receive (the webview's path).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionToWebview } from '../../protocol';
import type { ChurnisticApi } from '../../extension/src/api';
import { env, fake, freshChat, signedIn, waitFor } from './helpers';

const upstreamBody = async () => JSON.stringify((await fake.state()).requests.at(-1));
const SECRET = 'gsk_' + 'Q7h3kP9xL2mN4vB8cD1fG5jR0tW6yZ3aE7uI9oS2';

async function serverGet<T>(path: string): Promise<T> {
  const res = await fetch(`${env('CHURNISTIC_TEST_SERVER_URL')}${path}`, { headers: { authorization: `Bearer ${env('CHURNISTIC_TEST_TOKEN')}` } });
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return (await res.json()) as T;
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the in-host tests run with a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function createInEditor(relative: string, text: string): Promise<void> {
  const uri = workspaceFile(relative);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true });
  edit.insert(uri, new vscode.Position(0, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await (await vscode.workspace.openTextDocument(uri)).save());
}

describe('chat panel actions', () => {
  let api: ChurnisticApi;
  const postedSince = (n: number) => api.chat.posted().slice(n);
  const notices = (n: number) => postedSince(n).flatMap((m) => (m.type === 'notice' ? [m.message] : []));

  before(async () => { api = await signedIn(); });
  beforeEach(freshChat);
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('@selection attaches the selected code, redacted, and the mention is not sent as text', async () => {
    await fake.script({ text: 'It reads a key.' });
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: `const before_x1 = 0;\nconst key = "${SECRET}";\nclient.use(key_selected_y2);\nconst after_z3 = 1;` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 2, 28);
    const mark = api.chat.posted().length;
    await api.chat.receive({ type: 'ask', text: '@selection what does this do?' });

    const [question, answer] = api.chat.transcript();
    assert.equal(answer?.status, 'done', answer?.error);
    assert.equal(question?.text, 'what does this do?');
    assert.equal(question?.context?.[0]?.kind, 'selection');
    assert.equal(question?.context?.[0]?.redactions, 1);
    const sent = await upstreamBody();
    assert.ok(sent.includes('key_selected_y2'), 'the selection reached the model');
    assert.ok(!sent.includes(SECRET), 'the secret left the editor');
    assert.ok(sent.includes('[REDACTED'), 'a placeholder stands where the secret was');
    assert.ok(!sent.includes('before_x1') && !sent.includes('after_z3'), 'only the selection is sent');
    assert.ok(!sent.includes('@selection'));
    assert.ok(notices(mark).some((m) => /1 secret/.test(m)), `the user is told: ${notices(mark).join(' | ')}`);
  });

  it('@file refuses .env and sends an ordinary file', async () => {
    await writeFile('.env', 'DATABASE_PASSWORD=hunter2_env_value\n');
    await writeFile('notes_k4.ts', 'export const noteFromFile_k4 = 42;\n');
    await fake.script({ text: 'ok' });
    const mark = api.chat.posted().length;
    await api.chat.receive({ type: 'ask', text: 'compare @file:.env and @file:notes_k4.ts' });
    const sent = await upstreamBody();
    assert.ok(!sent.includes('hunter2_env_value'), '.env content was sent');
    assert.ok(sent.includes('noteFromFile_k4'), 'the ordinary file was not attached');
    assert.ok(notices(mark).some((m) => m.includes('.env') && /never sent/.test(m)), notices(mark).join(' | '));
    await api.chat.receive({ type: 'ask', text: 'and @file:../../etc/hostname' });
    assert.ok(notices(mark).some((m) => /outside the workspace/.test(m)), 'a path outside the workspace is refused');
  });

  it('retry replaces the answer on the server too; edit-and-resend cuts from the edited question', async () => {
    await fake.script([{ text: 'first answer r1' }, { text: 'second answer r2' }, { text: 'retried answer r3' }, { text: 'edited answer r4' }]);
    await api.chat.receive({ type: 'ask', text: 'question one q1' });
    await api.chat.receive({ type: 'ask', text: 'question two q2' });
    const secondAnswer = api.chat.transcript()[3]!;
    await api.chat.receive({ type: 'retry', id: secondAnswer.id });
    assert.deepEqual(api.chat.transcript().map((e) => e.text), ['question one q1', 'first answer r1', 'question two q2', 'retried answer r3']);
    const id = conversationId(api.chat.posted());
    let detail = await serverGet<{ messages: { content: string }[] }>(`/api/v1/conversations/${id}`);
    assert.deepEqual(detail.messages.map((m) => m.content).filter((c) => /r\d|q\d/.test(c)), ['question one q1', 'first answer r1', 'question two q2', 'retried answer r3']);

    await api.chat.receive({ type: 'editResend', id: api.chat.transcript()[0]!.id, text: 'question one, edited e1' });
    assert.deepEqual(api.chat.transcript().map((e) => e.text), ['question one, edited e1', 'edited answer r4']);
    detail = await serverGet(`/api/v1/conversations/${id}`);
    assert.deepEqual(detail.messages.map((m) => m.content), ['question one, edited e1', 'edited answer r4']);
  });

  it('thumbs up is stored on the server and can be taken back', async () => {
    await fake.script({ text: 'rate this answer' });
    await api.chat.receive({ type: 'ask', text: 'something to rate' });
    const answer = api.chat.transcript()[1]!;
    const id = conversationId(api.chat.posted());
    await api.chat.receive({ type: 'feedback', id: answer.id, rating: 'up' });
    type Detail = { messages: { role: string; feedback: { rating: string } | null }[] };
    let detail = await serverGet<Detail>(`/api/v1/conversations/${id}`);
    assert.equal(detail.messages.find((m) => m.role === 'assistant')?.feedback?.rating, 'up');
    assert.equal(api.chat.transcript()[1]?.feedback, 'up');
    await api.chat.receive({ type: 'feedback', id: answer.id, rating: null });
    detail = await serverGet<Detail>(`/api/v1/conversations/${id}`);
    assert.equal(detail.messages.find((m) => m.role === 'assistant')?.feedback, null);
  });

  it('Insert puts a code block at the cursor of the last editor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'line one\nline two\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await api.chat.receive({ type: 'insertCode', code: 'inserted_i5();\n' });
    assert.equal(doc.getText(), 'line one\ninserted_i5();\nline two\n');
  });

  it('built-in /tests takes a variable and attaches the selection', async () => {
    await fake.script({ text: 'tests here' });
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'def area_t6(r):\n    return 3.14 * r * r\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await api.chat.receive({ type: 'ask', text: '/tests framework=pytest cover negative radii' });
    const sent = await upstreamBody();
    assert.ok(sent.includes('Write unit tests') && sent.includes('pytest') && sent.includes('cover negative radii'), sent.slice(0, 600));
    assert.ok(sent.includes('def area_t6'), 'the selection was attached');
  });

  it('a workspace template in .churnistic/prompts is offered and rendered; a broken one is not', async () => {
    const mark = api.chat.posted().length;
    // created the way a user does it in the editor: a new file, typed, saved
    await createInEditor('.churnistic/prompts/broken.md', '---\ndescription: uses an undeclared variable\n---\nHello {{nobody}}\n');
    await createInEditor('.churnistic/prompts/haiku.md', '---\ndescription: Explain as a haiku\nvariables:\n  - name: mood\n    options: [calm, stormy]\n---\nWrite a {{mood}} haiku about: {{input}}\n');
    const commands = await waitFor('the slash commands to include /haiku', () => {
      const last = postedSince(mark).filter((m) => m.type === 'slashCommands').at(-1);
      return last?.type === 'slashCommands' && last.items.some((c) => c.name === 'haiku') ? last.items : undefined;
    }, 15_000);
    assert.ok(commands.some((c) => c.name === 'haiku' && c.source === 'workspace'));
    assert.ok(!commands.some((c) => c.name === 'broken'));
    await fake.script({ text: 'ok' });
    await api.chat.receive({ type: 'ask', text: '/haiku mood=stormy merge conflicts' });
    assert.ok((await upstreamBody()).includes('Write a stormy haiku about: merge conflicts'));
    await vscode.workspace.fs.delete(workspaceFile('.churnistic'), { recursive: true });
  });

  it('the history lists and finds the conversation, and opening it continues it', async () => {
    await fake.script([{ text: 'about quokkas h7' }, { text: 'continued' }]);
    await api.chat.receive({ type: 'ask', text: 'tell me about marsupials h7' });
    const id = conversationId(api.chat.posted());
    await vscode.commands.executeCommand('churnistic.newChat');
    let mark = api.chat.posted().length;
    await api.chat.receive({ type: 'listHistory' });
    const page = lastHistory(postedSince(mark));
    assert.ok(page?.items.some((i) => i.id === id && i.title.includes('marsupials')), JSON.stringify(page));
    mark = api.chat.posted().length;
    await api.chat.receive({ type: 'searchHistory', query: 'quokkas' });
    const hits = lastHistory(postedSince(mark));
    assert.equal(hits?.items[0]?.id, id);
    assert.ok(hits?.items[0]?.snippet?.highlights.length, 'the hit marks the word');
    await api.chat.receive({ type: 'openConversation', id });
    assert.deepEqual(api.chat.transcript().map((e) => e.text), ['tell me about marsupials h7', 'about quokkas h7']);
    await api.chat.receive({ type: 'ask', text: 'and then?' });
    assert.equal(conversationId(api.chat.posted()), id, 'the follow-up continues the opened conversation');
  });
});

function conversationId(posted: readonly ExtensionToWebview[]): string {
  const last = posted.filter((m) => m.type === 'conversation' && m.id).at(-1);
  assert.ok(last?.type === 'conversation' && last.id, 'no conversation id was posted');
  return last.id;
}

function lastHistory(posted: readonly ExtensionToWebview[]) {
  const last = posted.filter((m) => m.type === 'history').at(-1);
  return last?.type === 'history' ? last.page : undefined;
}
