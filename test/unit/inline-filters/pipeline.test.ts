import assert from 'node:assert/strict';
import {
  DEFAULT_FILTERS, balanceBrackets, dropUseless, postprocess, removeSuffixOverlap, singleOrMultiLine, stopAtBlockEnd,
  stripEchoedPrefix, stripMarkdown,
} from '../../../extension/src/core/inline/filters';
import type { CompletionFilter, FilterContext } from '../../../extension/src/core/inline/types';
import { describeGolden } from './golden';

// Realistic untidy chat-model answers through the whole default pipeline.
describeGolden('pipeline', (completion, ctx) => postprocess(completion, ctx));

describe('inline filters: postprocess', () => {
  const ctx: FilterContext = { prefix: 'x = ', suffix: '', languageId: 'python', indentUnit: '    ', multiline: false, maxLines: 5 };

  it('runs the default filters in their documented order', () => {
    assert.deepEqual(DEFAULT_FILTERS, [
      stripMarkdown, stripEchoedPrefix, singleOrMultiLine, stopAtBlockEnd, removeSuffixOverlap, balanceBrackets, dropUseless,
    ]);
  });

  it('passes each filter the previous one\'s output and stops at the first undefined', () => {
    const seen: string[] = [];
    const record = (tag: string, result: (text: string) => string | undefined): CompletionFilter => (text) => {
      seen.push(`${tag}:${text}`);
      return result(text);
    };
    const filters = [record('a', (t) => `${t}1`), record('b', () => undefined), record('c', (t) => t)];
    assert.equal(postprocess('x', ctx, filters), undefined);
    assert.deepEqual(seen, ['a:x', 'b:x1']);
    assert.equal(postprocess('y', ctx, [record('d', (t) => t.toUpperCase())]), 'Y');
    assert.equal(postprocess('z', ctx, []), 'z');
  });
});
