import assert from 'node:assert/strict';
import { parseMentions } from '../../../extension/src/core/context/mentions';

describe('chat context: parseMentions', () => {
  const cases: [string, string, ReturnType<typeof parseMentions>][] = [
    ['one mention at the start', '@selection why is this slow?', { mentions: [{ kind: 'selection' }], text: 'why is this slow?' }],
    ['mid-sentence and at the end', 'compare @file with @diff', { mentions: [{ kind: 'file' }, { kind: 'diff' }], text: 'compare with' }],
    ['a file path', 'explain @file:src/a.ts, please', { mentions: [{ kind: 'file', path: 'src/a.ts' }], text: 'explain, please' }],
    ['a quoted path with spaces', 'read @file:"docs/My Notes.md" now', { mentions: [{ kind: 'file', path: 'docs/My Notes.md' }], text: 'read now' }],
    ['all kinds', '@selection @file @problems @diff @workspace go', {
      mentions: [{ kind: 'selection' }, { kind: 'file' }, { kind: 'problems' }, { kind: 'diff' }, { kind: 'workspace' }], text: 'go' }],
    ['only mentions: empty text', '  @problems  ', { mentions: [{ kind: 'problems' }], text: '' }],
    ['duplicates collapse', '@diff and @diff again', { mentions: [{ kind: 'diff' }], text: 'and again' }],
    ['two different files both kept', '@file:a.ts vs @file:b.ts', { mentions: [{ kind: 'file', path: 'a.ts' }, { kind: 'file', path: 'b.ts' }], text: 'vs' }],
    ['email is not a mention', 'mail ada@file.com about it', { mentions: [], text: 'mail ada@file.com about it' }],
    ['inline code is not a mention', 'what does `@workspace` mean?', { mentions: [], text: 'what does `@workspace` mean?' }],
    ['fenced code is not a mention', 'fix this\n```ts\n@selection()\n```\n@problems', {
      mentions: [{ kind: 'problems' }], text: 'fix this\n```ts\n@selection()\n```' }],
    ['longer words are not mentions', '@files @selections @diff-view @workspaceFolder', {
      mentions: [], text: '@files @selections @diff-view @workspaceFolder' }],
    ['punctuation after a mention', 'see (@selection).', { mentions: [{ kind: 'selection' }], text: 'see ().' }],
    ['multi-line question keeps its lines', '@file\nline one\n\nline two', { mentions: [{ kind: 'file' }], text: 'line one\n\nline two' }],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(parseMentions(input), expected));
  }
});
