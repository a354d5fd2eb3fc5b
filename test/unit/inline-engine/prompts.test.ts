// Golden tests for the prompt builders: the expected prompts are written by hand
// (test/fixtures/inline-prompts/ and inline strings), so a change to the prompts shows up here.
import assert from 'node:assert/strict';
import { postprocess } from '../../../extension/src/core/inline/filters';
import fs from 'node:fs';
import path from 'node:path';
import { InlinePrompt } from '../../../protocol';
import {
  CHAT_STOP,
  CHAT_SYSTEM_PROMPT,
  HOLE,
  buildChatPrompt,
  extractChatCompletion,
  holeMarker,
} from '../../../extension/src/core/inline/prompt-chat';
import { commentOut, languageName, type PromptInput } from '../../../extension/src/core/inline/prompt-common';
import { buildFimPrompt, extractFimCompletion } from '../../../extension/src/core/inline/prompt-fim';

// the files end with a line break, as text files do; the prompts do not
const fixture = (name: string): string =>
  fs.readFileSync(path.join(__dirname, '../../fixtures/inline-prompts', name), 'utf8').replace(/\n$/, '');

const tsInput: PromptInput = {
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  prefix: "import { Item } from './item';\n\nexport function total(items: Item[]): number {\n  return items.reduce(",
  suffix: ');\n}\n',
  snippets: [
    { source: 'import', path: 'src/item.ts', text: 'export interface Item {\n  price: number;\n\n  quantity: number;\n}\n', score: 2 },
    { source: 'open', path: 'src/tax.ts', text: 'export function withTax(amount: number): number {\n  return amount * 1.2;\n}', score: 0.3 },
  ],
  multiline: false,
};

describe('inline engine: chat (hole-filler) prompt', () => {
  it('matches the golden user message: language, path, commented snippets best-last, the query with the hole, the scope', () => {
    const prompt = buildChatPrompt(tsInput);
    assert.equal(prompt.messages.at(-1)!.role, 'user');
    assert.equal(prompt.messages.at(-1)!.content, fixture('chat-typescript-user.txt'));
    assert.ok(InlinePrompt.safeParse(prompt).success, 'valid against the protocol schema');
  });

  it('asks for several lines only where the position admits them', () => {
    const prompt = buildChatPrompt({
      filePath: '',
      languageId: 'python',
      prefix: 'def fizzbuzz(n):\n    for i in range(1, n + 1):\n        ',
      suffix: '',
      snippets: [],
      multiline: true,
    });
    assert.equal(prompt.messages.at(-1)!.content, fixture('chat-python-user.txt'));
  });

  it('opens with the system rules and two worked examples as real chat turns', () => {
    const { messages } = buildChatPrompt(tsInput);
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(messages[0]!.content, CHAT_SYSTEM_PROMPT);
    for (const rule of ['no markdown, no code fences', 'Never repeat it', 'no leading indentation of its own', `${'<COMPLETION>'}${'</COMPLETION>'}`]) {
      assert.ok(CHAT_SYSTEM_PROMPT.includes(rule), rule);
    }
    assert.equal(
      messages[1]!.content,
      'Language: TypeScript\nFile: src/geometry.ts\n\n<QUERY>\nexport function hypotenuse(a: number, b: number): number {\n  return Math.sqrt({{FILL_HERE}});\n}\n</QUERY>\n\n' +
        'Fill the {{FILL_HERE}} hole with the rest of the current line only (no line breaks).',
    );
    assert.equal(messages[2]!.content, '<COMPLETION>a * a + b * b</COMPLETION>');
    assert.equal(messages[4]!.content, '<COMPLETION>total = sum(values)\n    return total / len(values) if values else 0.0</COMPLETION>');
    assert.deepEqual(CHAT_STOP, ['</COMPLETION>']);
  });

  it('its worked examples survive the post-processing unchanged (they must not teach what the filters cut)', () => {
    for (const example of [
      { prefix: 'export function hypotenuse(a: number, b: number): number {\n  return Math.sqrt(', suffix: ');\n}\n', multiline: false, answer: 'a * a + b * b' },
      { prefix: 'def mean(values):\n    ', suffix: '\n\n\ndef median(values):\n    ordered = sorted(values)\n', multiline: true,
        answer: 'total = sum(values)\n    return total / len(values) if values else 0.0' },
    ]) {
      const ctx = { prefix: example.prefix, suffix: example.suffix, languageId: example.prefix.startsWith('def') ? 'python' : 'typescript',
        indentUnit: example.prefix.startsWith('def') ? '    ' : '  ', multiline: example.multiline, maxLines: 12 };
      assert.equal(postprocess(example.answer, ctx), example.answer);
    }
  });

  it('picks another marker when the file itself contains the marker text', () => {
    assert.equal(holeMarker('a', 'b'), HOLE);
    assert.equal(holeMarker('const t = "{{FILL_HERE}}";\n', ''), '{{FILL_HERE_1}}');
    const prompt = buildChatPrompt({ ...tsInput, prefix: 'x = "{{FILL_HERE}}" + ', suffix: '', snippets: [] });
    const content = prompt.messages.at(-1)!.content as string;
    assert.ok(content.includes('x = "{{FILL_HERE}}" + {{FILL_HERE_1}}\n</QUERY>'));
    assert.ok(content.endsWith('Fill the {{FILL_HERE_1}} hole with the rest of the current line only (no line breaks).'));
  });

  it('extracts the completion from tidy and untidy answers', () => {
    const cases: Array<[raw: string, linePrefix: string, expected: string]> = [
      ['<COMPLETION>a * a + b * b</COMPLETION>', '  return Math.sqrt(', 'a * a + b * b'],
      ['<COMPLETION>a * a + b * b', '  return Math.sqrt(', 'a * a + b * b'], // stop sequence ate the closing tag
      ['Sure! Here it is:\n<COMPLETION>x + 1</COMPLETION>\nHope it helps', 'return ', 'x + 1'],
      ['<completion>lower()</completion>', 's.', 'lower()'],
      ['<COMPLETION>\nreturn 0.0\n</COMPLETION>', '        ', 'return 0.0'], // tags on their own lines
      ['<COMPLETION>\n    body()\n', 'def f():', '\n    body()'], // a real line break after code on the line stays
      ['<COMPLETION>\nx + 1\n', 'return ', 'x + 1'],
      ['<COMPLETION>        return 0.0\n    return 1', '        ', 'return 0.0\n    return 1'], // indentation written again
      ['<COMPLETION>{{FILL_HERE}}value', 'x = ', 'value'],
      ['<COMPLETION></COMPLETION>', 'x', ''],
      ['plain answer without tags', 'x', 'plain answer without tags'],
    ];
    for (const [raw, prefix, expected] of cases) assert.equal(extractChatCompletion(raw, prefix), expected, JSON.stringify(raw));
  });
});

describe('inline engine: FIM prompt', () => {
  it('prepends the path and snippets as comments in the file syntax, best snippet last (TypeScript golden)', () => {
    const prompt = buildFimPrompt(tsInput);
    assert.equal(
      prompt.prompt,
      [
        '// Path: src/cart.ts',
        '// Compare this snippet from src/tax.ts:',
        '// export function withTax(amount: number): number {',
        '//   return amount * 1.2;',
        '// }',
        '// Compare this snippet from src/item.ts:',
        '// export interface Item {',
        '//   price: number;',
        '//',
        '//   quantity: number;',
        '// }',
        "import { Item } from './item';",
        '',
        'export function total(items: Item[]): number {',
        '  return items.reduce(',
      ].join('\n'),
    );
    assert.equal(prompt.suffix, ');\n}\n');
    assert.ok(InlinePrompt.safeParse(prompt).success);
  });

  it('uses # for Python (golden file)', () => {
    const prompt = buildFimPrompt({
      filePath: 'app/models.py',
      languageId: 'python',
      prefix: 'def load(',
      suffix: '):\n    pass\n',
      snippets: [{ source: 'import', path: 'app/db.py', text: 'class Base:\n    id: int', score: 1 }],
      multiline: false,
    });
    assert.equal(prompt.prompt, fixture('fim-python.txt'));
  });

  it('uses block comments where a language has no line comment, defusing the closer', () => {
    assert.equal(commentOut('a --> b', 'html'), '<!--\na - - > b\n-->');
    assert.equal(commentOut('x */ y', 'css'), '/*\nx * / y\n*/');
    assert.equal(commentOut('select 1', 'sql'), '-- select 1');
    const prompt = buildFimPrompt({ filePath: 'index.html', languageId: 'html', prefix: '<div>', suffix: '</div>', snippets: [], multiline: false });
    assert.equal(prompt.prompt, '<!--\nPath: index.html\n-->\n<div>');
  });

  it('sends an untitled file without a header', () => {
    const prompt = buildFimPrompt({ filePath: '', languageId: 'typescript', prefix: 'let a = ', suffix: '', snippets: [], multiline: false });
    assert.deepEqual(prompt, { kind: 'fim', prompt: 'let a = ', suffix: '' });
    assert.equal(extractFimCompletion('1;<|endoftext|>garbage'), '1;');
  });

  it('names languages readably', () => {
    assert.equal(languageName('typescriptreact'), 'TypeScript (React)');
    assert.equal(languageName('zig'), 'Zig');
    assert.equal(languageName(''), 'Plain text');
  });
});
