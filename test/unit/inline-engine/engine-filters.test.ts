// The engine end to end with the real post-processing filters (./filters), on a fake clock and
// transport: the model's untidy chat answers become clean suggestions.
import assert from 'node:assert/strict';
import { InlineEngine } from '../../../extension/src/core/inline/engine';
import { FakeClock, FakeTransport, at } from './fakes';

describe('inline engine: with the real post-processing filters', () => {
  const cases: Array<[doc: string, answer: string, expected: string | undefined]> = [
    // fenced, tags on their own lines, the line's start echoed
    ['function add(a: number, b: number) {\n  return |\n}\n', '<COMPLETION>\n```ts\n  return a + b;\n```\n</COMPLETION>', 'a + b;'],
    // the closing brace after the cursor is already there
    ['function add(a: number, b: number) {\n  |\n}\n', '<COMPLETION>return a + b;\n}', 'return a + b;'],
    // mid-line: only the rest of the line, without the `);` that follows
    ['const xs = [1, 2, 3].map((x) => |);\n', '<COMPLETION>x * 2);', 'x * 2'],
    // nothing useful
    ['let a = |;\n', '<COMPLETION>   </COMPLETION>', undefined],
  ];
  for (const [doc, answer, expected] of cases) {
    it(`${JSON.stringify(answer)} → ${JSON.stringify(expected)}`, async () => {
      const clock = new FakeClock();
      const transport = new FakeTransport(clock);
      transport.answer = () => answer;
      const engine = new InlineEngine({ transport, clock, debounce: { minMs: 10, maxMs: 10 } });
      const call = engine.provide(at(doc), new AbortController().signal);
      await clock.advance(10);
      assert.equal((await call)?.text, expected);
    });
  }
});
