import assert from 'node:assert/strict';
import { bestWindows, identifierSet, identifiers, jaccard, rankOpenFiles, referenceSet } from '../../../extension/src/core/inline/snippets';
import { snapshot } from './fakes';

const noise = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `  log${tag}(item${tag}${i}, other${tag});`);

describe('inline engine: snippet similarity', () => {
  it('takes identifiers, not keywords or one-letter names', () => {
    assert.deepEqual(identifiers('const x = await fetchUser(userId); return user_name.$ref;'), ['fetchUser', 'userId', 'user_name', '$ref']);
  });

  it('computes Jaccard similarity of identifier sets', () => {
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set()), 0);
    assert.equal(jaccard(new Set(['x']), new Set(['x'])), 1);
  });

  it('the reference is the cursor line and the lines above it', () => {
    const text = 'first one\nsecond two\nthird three\nfourth four';
    const ref = referenceSet({ text, offset: text.indexOf('three') }, 1);
    assert.deepEqual([...ref].sort(), ['second', 'third', 'three', 'two']);
  });

  it('finds the window of another file that resembles the code at the cursor', () => {
    const target = [
      'export function parseInvoice(raw: string): Invoice {',
      '  const fields = raw.split(separator);',
      '  const total = Number(fields[2]);',
      '  return { customer: fields[0], total, currency: fields[1] };',
      '}',
    ];
    const file = [...noise(60, 'A'), ...target, ...noise(60, 'B')].join('\n');
    const reference = identifierSet('function parseOrder(raw: string): Order {\n  const fields = raw.split(separator);\n  const total');
    const [best] = bestWindows(reference, file, { windowLines: 8 });
    assert.ok(best);
    assert.ok(best.text.includes('raw.split(separator)'), best.text);
    assert.ok(best.startLine <= 61 && best.endLine >= 63, 'the window covers the look-alike code');
  });

  it('slides incrementally yet scores each window exactly like a fresh Jaccard', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `w${i % 7} shared${i % 3} v${i}`);
    const reference = identifierSet('w1 w2 shared0 v10 v11 v12 other');
    const windows = bestWindows(reference, lines.join('\n'), { windowLines: 5, perFile: 100, minScore: 0 });
    assert.ok(windows.length >= 5);
    for (const w of windows) {
      const fresh = jaccard(reference, identifierSet(lines.slice(w.startLine, w.endLine).join('\n')));
      assert.ok(Math.abs(w.score - fresh) < 1e-12, `window ${w.startLine}: ${w.score} vs ${fresh}`);
    }
    // never overlapping
    const sorted = [...windows].sort((a, b) => a.startLine - b.startLine);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]!.startLine >= sorted[i - 1]!.endLine);
  });

  it('ranks open files, skipping the current one and files with nothing in common', () => {
    const doc = snapshot('import { Cart } from "./cart";\nfunction addToCart(cart: Cart, productId: string, quantity: number) {\n  ');
    const files = [
      { path: 'src/app.ts', text: doc.text },
      { path: 'src/cart.ts', text: 'export class Cart {\n  add(productId: string, quantity: number) {\n    this.items.push({ productId, quantity });\n  }\n}' },
      { path: 'README.md', text: 'Install with npm.\nRun the tests.' },
    ];
    const ranked = rankOpenFiles(doc, files);
    assert.deepEqual(ranked.map((s) => s.path), ['src/cart.ts']);
    assert.equal(ranked[0]!.source, 'open');
  });

  it('skips files too large to tokenize within a keystroke', () => {
    assert.deepEqual(bestWindows(new Set(['a1']), 'a1\n'.repeat(10), { maxFileChars: 5 }), []);
  });
});
