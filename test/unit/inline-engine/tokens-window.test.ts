import assert from 'node:assert/strict';
import { budgetsFor, cutWindow, linePrefix, lineSuffix } from '../../../extension/src/core/inline/context-window';
import { charsForTokens, estimateTokens } from '../../../extension/src/core/inline/tokens';

const SAMPLE = `import { readFile } from 'node:fs/promises';

export async function loadConfig(path: string): Promise<Config> {
  const raw = await readFile(path, 'utf8');
  const parsed = JSON.parse(raw) as Partial<Config>;
  if (!parsed.name) throw new Error(\`config \${path} has no name\`);
  return { retries: 3, timeoutMs: 5_000, ...parsed } as Config;
}
`;

describe('inline engine: token estimate', () => {
  it('counts words, punctuation, indentation and non-ASCII the way code tokenizers split them', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('return'), 2); // ceil(6/4): erring high on long words
    assert.equal(estimateTokens('a b'), 2); // the space joins the next word
    assert.equal(estimateTokens('a  b'), 3);
    assert.equal(estimateTokens('        '), 1); // indentation merges
    assert.equal(estimateTokens('\n        x'), 2); // line break + indentation, then x
    assert.equal(estimateTokens('\r\n'), 1);
    assert.equal(estimateTokens('=>'), 1);
    assert.equal(estimateTokens('日本語'), 3);
  });

  it('stays within a plausible band for real code (2.5–5 characters a token)', () => {
    const tokens = estimateTokens(SAMPLE);
    assert.ok(SAMPLE.length / tokens > 2.5 && SAMPLE.length / tokens < 5, `${SAMPLE.length} chars → ${tokens} tokens`);
  });

  it('measures a range in place exactly as the slice', () => {
    for (const [s, e] of [[0, 10], [5, 80], [44, SAMPLE.length], [100, 100]] as const) {
      assert.equal(estimateTokens(SAMPLE, s, e), estimateTokens(SAMPLE.slice(s, e)));
    }
    assert.equal(charsForTokens(10), 35);
  });
});

describe('inline engine: context window', () => {
  const lines = Array.from({ length: 400 }, (_, i) => `  const value${i} = compute(${i});`);
  const text = lines.join('\n');
  const cursorLine = 200;
  const offset = lines.slice(0, cursorLine).join('\n').length + 1 + 8; // inside line 200, after "  const "

  it('splits the budget 60% prefix, 15% suffix', () => {
    assert.deepEqual(budgetsFor(1000), { prefixTokens: 600, suffixTokens: 150 });
  });

  it('keeps everything when the file fits, without truncation flags', () => {
    const w = cutWindow(SAMPLE, 120, { prefixTokens: 1000, suffixTokens: 1000 });
    assert.equal(w.prefix, SAMPLE.slice(0, 120));
    assert.equal(w.suffix, SAMPLE.slice(120));
    assert.equal(w.prefixTruncated, false);
    assert.equal(w.suffixTruncated, false);
  });

  it('cuts at line boundaries within the token budgets', () => {
    const w = cutWindow(text, offset, { prefixTokens: 200, suffixTokens: 60 });
    assert.ok(w.prefixTruncated && w.suffixTruncated);
    assert.ok(w.prefixTokens <= 200 && w.suffixTokens <= 60);
    assert.ok(w.prefixStart === 0 || text[w.prefixStart - 1] === '\n', 'prefix starts at a line start');
    assert.ok(w.suffixEnd === text.length || text[w.suffixEnd - 1] === '\n', 'suffix ends after a line break');
    assert.equal(w.prefix, text.slice(w.prefixStart, offset));
    assert.equal(w.suffix, text.slice(offset, w.suffixEnd));
    assert.ok(w.prefix.endsWith('\n  const '));
    assert.ok(w.suffix.startsWith('value200 = compute(200);\n'));
    // and nothing more would have fitted: one more line above goes over the budget
    const above = text.lastIndexOf('\n', w.prefixStart - 2) + 1;
    assert.ok(w.prefixTokens + estimateTokens(text, above, w.prefixStart) > 200);
    assert.ok(estimateTokens(w.prefix) <= 200);
  });

  it('always keeps the cursor line, cut by characters when it alone is over budget (minified code)', () => {
    const minified = 'var a=1;'.repeat(5000);
    const w = cutWindow(minified, 20_000, { prefixTokens: 100, suffixTokens: 20 });
    assert.ok(w.prefix.length > 0 && w.prefix.length <= charsForTokens(100));
    assert.equal(w.prefix, minified.slice(20_000 - w.prefix.length, 20_000));
    assert.ok(w.suffix.length > 0 && w.suffix.length <= charsForTokens(20));
  });

  it('handles the cursor at the very start and end', () => {
    assert.equal(cutWindow('abc\ndef', 0, { prefixTokens: 10, suffixTokens: 10 }).prefix, '');
    assert.equal(cutWindow('abc\ndef', 7, { prefixTokens: 10, suffixTokens: 10 }).suffix, '');
  });

  it('reads the cursor line around the cursor, CRLF included', () => {
    assert.equal(linePrefix('a\r\n  foo(bar', 9), '  foo(');
    assert.equal(lineSuffix('  foo(bar)\r\nnext', 6), 'bar)');
    assert.equal(lineSuffix('x', 1), '');
  });
});
