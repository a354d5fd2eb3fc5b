// ChatSession's conversation rules: retry, edit-and-resend, opening a conversation from the
// history, restoring after a reload, the model choice and feedback. The backend here is a plain
// object speaking ChatEvents (the wire is covered by extension-core-chat-session.test.ts).
import assert from 'node:assert/strict';
import type { ChatEvent, ChatRequest, ConversationDetail, ExtensionToWebview } from '../../protocol';
import { ExtensionToWebview as ExtensionToWebviewSchema } from '../../protocol';
import { ChatSession, entriesOf } from '../../extension/src/core/chat-session';
import { silentLogger } from '../../extension/src/core/logger';

const CONVERSATION = '6f1c2b8e-1d3a-4c55-9a57-1f2e3d4c5b6a';

describe('extension core: ChatSession retry, edit, history', () => {
  let requests: ChatRequest[];
  let posted: ExtensionToWebview[];
  let session: ChatSession;
  let ids: number;
  let serverIds: number;

  beforeEach(() => {
    requests = [];
    posted = [];
    ids = 0;
    serverIds = 0;
    session = new ChatSession({
      logger: silentLogger,
      newId: () => `id${++ids}`,
      client: {
        async *chat(request: ChatRequest): AsyncGenerator<ChatEvent> {
          requests.push(request);
          const n = ++serverIds;
          yield { type: 'start', conversationId: CONVERSATION, messageId: `a${n}`, userMessageId: `u${n}`, model: request.model ?? 'default-model' };
          yield { type: 'delta', text: `answer ${n} to ${request.message}` };
          yield { type: 'done', finishReason: 'stop' };
        },
      },
    });
    session.onDidPost((m) => {
      assert.ok(ExtensionToWebviewSchema.safeParse(m).success, `invalid message posted: ${JSON.stringify(m)}`);
      posted.push(m);
    });
  });

  afterEach(() => session.dispose());

  const view = () => session.transcript.map((e) => `${e.role}:${e.text}`);

  it('retry asks the same question again from the server copy of it and replaces the answer', async () => {
    await session.ask('first');
    await session.ask('second');
    const secondAnswer = session.transcript[3]!;
    await session.retry(secondAnswer.id);
    assert.deepEqual(requests[2], { message: 'second', conversationId: CONVERSATION, replaceFrom: 'u2' });
    assert.deepEqual(view(), ['user:first', 'assistant:answer 1 to first', 'user:second', 'assistant:answer 3 to second']);
    assert.equal(session.transcript[2]?.serverId, 'u3', 'the new question has the id the server gave it');
  });

  it('edit-and-resend from an early question drops everything after it and keeps its context', async () => {
    const chip = { fileName: 'a.ts', language: 'typescript', code: 'let a = 1;', kind: 'selection' as const };
    await session.ask('first', { context: [chip] });
    await session.ask('second');
    await session.editAndResend(session.transcript[0]!.id, 'first, reworded');
    assert.deepEqual(requests[2], { message: 'first, reworded', context: [chip], conversationId: CONVERSATION, replaceFrom: 'u1' });
    assert.deepEqual(view(), ['user:first, reworded', 'assistant:answer 3 to first, reworded']);
    const transcript = posted.filter((m) => m.type === 'transcript').at(-1);
    assert.deepEqual(transcript?.type === 'transcript' && transcript.entries, [], 'the webview is told the cut before the new turn');
  });

  it('retry of an unknown or user id does nothing', async () => {
    await session.ask('only');
    await session.retry('nope');
    await session.retry(session.transcript[0]!.id);
    assert.equal(requests.length, 1);
  });

  it('the chosen model goes with each question; a template model wins for its question', async () => {
    session.model = 'big-model';
    await session.ask('one');
    await session.ask('two', { model: 'template-model' });
    session.model = null;
    await session.ask('three');
    assert.deepEqual(requests.map((r) => r.model), ['big-model', 'template-model', undefined]);
    assert.equal(session.transcript[1]?.model, 'big-model');
  });

  it('opening a conversation from the history shows it and continues it', async () => {
    const detail: ConversationDetail = {
      id: CONVERSATION, title: 'Old chat', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', messageCount: 3,
      messages: [
        { id: 's', conversationId: CONVERSATION, role: 'system', content: 'sys', model: null, status: 'complete', promptTokens: null, completionTokens: null, createdAt: 'x', latencyMs: null, feedback: null },
        { id: 'q', conversationId: CONVERSATION, role: 'user', content: 'why?', model: null, status: 'complete', promptTokens: null, completionTokens: null, createdAt: 'x', latencyMs: null, feedback: null },
        { id: 'r', conversationId: CONVERSATION, role: 'assistant', content: 'because', model: 'm1', status: 'aborted', promptTokens: 1, completionTokens: 1, createdAt: 'x', latencyMs: 5, feedback: { rating: 'up', comment: null, updatedAt: 'x' } },
      ],
    };
    await session.open(detail);
    assert.deepEqual(entriesOf(detail), [
      { id: 'q', serverId: 'q', role: 'user', text: 'why?' },
      { id: 'r', serverId: 'r', role: 'assistant', text: 'because', status: 'stopped', model: 'm1', feedback: 'up' },
    ]);
    assert.ok(posted.some((m) => m.type === 'conversation' && m.id === CONVERSATION && m.title === 'Old chat'));
    await session.ask('and then?');
    assert.equal(requests[0]?.conversationId, CONVERSATION);
    await session.retry('r');
    assert.equal(requests[1]?.replaceFrom, 'q');
  });

  it('restore() after a reload shows the saved chat; an answer cut by the reload shows as stopped', async () => {
    await session.ask('saved question');
    const saved = structuredClone(session.saved());
    saved.entries[1]!.status = 'streaming';
    const other = new ChatSession({ logger: silentLogger, client: { chat: () => { throw new Error('unused'); } } });
    other.restore(saved);
    assert.equal(other.currentConversationId, CONVERSATION);
    assert.deepEqual(other.transcript.map((e) => e.status), [undefined, 'stopped']);
    assert.equal(other.saved().title, 'saved question');
    other.dispose();
  });

  it('feedback is kept on the answer and posted; null takes it back', async () => {
    await session.ask('rate me');
    const answer = session.transcript[1]!;
    assert.equal(session.serverIdOf(answer.id), 'a1');
    session.setFeedback(answer.id, 'down');
    assert.equal(session.transcript[1]?.feedback, 'down');
    session.setFeedback(answer.id, null);
    assert.equal(session.transcript[1]?.feedback, undefined);
    assert.deepEqual(posted.filter((m) => m.type === 'feedback').map((m) => m.type === 'feedback' && m.rating), ['down', null]);
  });
});
