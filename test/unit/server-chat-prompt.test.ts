import assert from 'node:assert/strict';
import type { MessageRecord } from '../../protocol';
import { buildMessages, formatContext, SYSTEM_PROMPT, titleFrom } from '../../server/src/domain/chat-prompt';

const message = (role: MessageRecord['role'], content: string, status: MessageRecord['status'] = 'complete'): MessageRecord => ({
  id: 'm', conversationId: 'c', role, content, status, model: null, promptTokens: null, completionTokens: null, createdAt: '',
});

describe('chat prompt building (server domain)', () => {
  it('formats attached code as a fenced block named by file and 1-based line', () => {
    assert.equal(
      formatContext({ fileName: 'src/a.py', language: 'python', code: 'x = 1', startLine: 4 }),
      'src/a.py (from line 5):\n```python\nx = 1\n```',
    );
  });

  it('uses a longer fence when the code itself holds a fence', () => {
    const text = formatContext({ fileName: 'README.md', language: 'markdown', code: '```js\nx\n```' });
    assert.ok(text.startsWith('README.md:\n~~~~markdown\n'));
    assert.ok(text.endsWith('\n~~~~'));
  });

  it('sends the system prompt, earlier turns and the new turn with its context', () => {
    const history = [message('user', 'q1'), message('assistant', 'a1'), message('user', 'q2'), message('assistant', '', 'error')];
    const messages = buildMessages(history, {
      message: 'q3', context: [{ fileName: 'f.ts', language: 'typescript', code: 'let a;' }],
    });
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'user']);
    assert.equal(messages[0]!.content, SYSTEM_PROMPT);
    assert.equal(messages.at(-1)!.content, 'f.ts:\n```typescript\nlet a;\n```\n\nq3');
  });

  it('keeps the partial text of a stopped answer so a follow-up can refer to it', () => {
    const messages = buildMessages([message('user', 'q1'), message('assistant', 'half an ans', 'aborted')], { message: 'go on' });
    assert.equal(messages[2]!.content, 'half an ans');
  });

  it('titles a conversation by its first line, shortened', () => {
    assert.equal(titleFrom('  How do I sort?\nmore'), 'How do I sort?');
    assert.equal(titleFrom('x'.repeat(100)).length, 78);
    assert.equal(titleFrom('   '), 'New chat');
  });
});
