// Snippet windows and similarity ranking (Jaccard over identifier sets), on the store directly.
import assert from 'node:assert/strict';
import { IndexStore } from '../../../extension/src/core/workspace-index/index-store';
import { sourceLanguageOf } from '../../../extension/src/core/workspace-index/languages';
import { Interner, WINDOW_LINES, WINDOW_STRIDE, buildWindows, identifiers, jaccard, lineStarts, makeQuery } from '../../../extension/src/core/workspace-index/snippets';

function storeWith(files: Record<string, string>): IndexStore {
  const store = new IndexStore(1_000, 10_000_000);
  for (const [path, text] of Object.entries(files)) store.put(store.build(path, text, text.length, 0, sourceLanguageOf(path)!));
  return store;
}

describe('workspace index: snippets', () => {
  it('reduces code to distinct identifiers, without keywords or one-letter names', () => {
    const ids = identifiers('export function totalPrice(items) { for (const i of items) return i.price + $scope._x; }');
    assert.deepEqual([...ids].sort(), ['$scope', '_x', 'items', 'price', 'totalPrice']);
  });

  it('scores |Q ∩ W| / |Q ∪ W|, counting query identifiers the index has never seen', () => {
    const interner = new Interner();
    const [window] = buildWindows('alpha beta gamma delta', lineStarts('alpha beta gamma delta'), interner);
    assert.equal(jaccard(makeQuery('alpha beta', interner), window!.ids), 2 / 4);
    assert.equal(jaccard(makeQuery('alpha beta unseen', interner), window!.ids), 2 / 5);
    assert.equal(jaccard(makeQuery('nothing known', interner), window!.ids), 0);
  });

  it(`cuts a file into ${WINDOW_LINES}-line windows every ${WINDOW_STRIDE} lines, the last one ending at the file's end`, () => {
    const text = Array.from({ length: 45 }, (_, i) => `value_${i}`).join('\n');
    const windows = buildWindows(text, lineStarts(text), new Interner());
    assert.deepEqual(windows.map((w) => [w.startLine, w.endLine]), [[0, 20], [10, 30], [20, 40], [30, 45]]);
    const short = buildWindows('one_line', lineStarts('one_line'), new Interner());
    assert.deepEqual(short.map((w) => [w.startLine, w.endLine]), [[0, 1]]);
  });

  it('ranks the most similar window first and returns its text', () => {
    const store = storeWith({
      'src/cart.ts': 'export function cartTotal(items: CartItem[]) {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n',
      'src/discount.ts': 'export function applyDiscount(price: number, percent: number) {\n  return price - (price * percent) / 100;\n}\n',
      'src/logger.ts': 'export function logMessage(level: string, message: string) {\n  console.log(level, message);\n}\n',
    });
    const results = store.search('const total = items.reduce((sum, item) => sum + item.price * item.quantity', 3);
    assert.deepEqual(results.map((r) => r.path), ['src/cart.ts', 'src/discount.ts']);
    assert.ok(results[0]!.score > results[1]!.score);
    assert.match(results[0]!.text, /export function cartTotal/);
    assert.deepEqual([results[0]!.startLine, results[0]!.endLine], [0, 4]);
  });

  it('leaves out the excluded path, other language families and weak matches', () => {
    const store = storeWith({
      'a.ts': 'export function parseConfig(configText: string) { return JSON.parse(configText); }',
      'b.py': 'def parseConfig(configText):\n    return json.loads(configText)\n',
      'c.ts': 'export function parseConfigFile(configPath: string, configText: string) {}',
    });
    const query = 'parseConfig(configText)';
    assert.deepEqual(store.search(query, 5).map((r) => r.path).sort(), ['a.ts', 'b.py', 'c.ts']);
    assert.deepEqual(store.search(query, 5, { excludePath: 'a.ts', family: 'js' }).map((r) => r.path), ['c.ts']);
    assert.deepEqual(store.search(query, 5, { minScore: 0.9 }), []);
    assert.deepEqual(store.search('', 5), []);
    assert.deepEqual(store.search(query, 0), []);
  });

  it('never returns two overlapping windows of one file', () => {
    const lines = Array.from({ length: 60 }, (_, i) => (i >= 25 && i < 35 ? 'retryWithBackoff(requestFn, maxAttempts)' : `unrelated_${i}()`));
    const store = storeWith({ 'retry.ts': lines.join('\n') });
    const results = store.search('retryWithBackoff(requestFn, maxAttempts)', 5);
    assert.ok(results.length >= 1);
    for (const a of results) {
      for (const b of results) {
        if (a !== b) assert.ok(a.endLine <= b.startLine || b.endLine <= a.startLine, `overlap ${a.startLine}-${a.endLine} / ${b.startLine}-${b.endLine}`);
      }
    }
    assert.ok(results[0]!.startLine <= 25 && results[0]!.endLine >= 35, 'the best window holds the matching lines');
  });
});
