import assert from 'node:assert/strict';
import { CompletionCache, LruMap, hashRange } from '../../../extension/src/core/inline/cache';

const URI = 'file:///ws/a.ts';
const BEFORE = 'function greet(name: string) {\n  return ';
const AFTER = '\n}\n';
const SUGGESTION = '`Hello, ${name}!`;';

/** The document after typing the first `n` characters of the suggestion. */
const typed = (n: number): { text: string; offset: number } => ({
  text: BEFORE + SUGGESTION.slice(0, n) + AFTER,
  offset: BEFORE.length + n,
});

describe('inline engine: completion cache', () => {
  it('answers the same position exactly', () => {
    const cache = new CompletionCache();
    const { text, offset } = typed(0);
    cache.store(URI, text, offset, SUGGESTION, 'c1');
    assert.deepEqual(cache.lookup(URI, text, offset), { text: SUGGESTION, completionId: 'c1', typed: 0 });
  });

  it('typing the characters of a suggestion keeps the rest of it, for every prefix of it', () => {
    const cache = new CompletionCache();
    cache.store(URI, typed(0).text, typed(0).offset, SUGGESTION, 'c1');
    for (let n = 1; n < SUGGESTION.length; n++) {
      const { text, offset } = typed(n);
      assert.deepEqual(cache.lookup(URI, text, offset), { text: SUGGESTION.slice(n), completionId: 'c1', typed: n }, `after ${n} chars`);
    }
    const done = typed(SUGGESTION.length);
    assert.equal(cache.lookup(URI, done.text, done.offset), undefined, 'nothing left once all of it is typed');
  });

  it('misses when the typed text leaves the suggestion, or the document changed elsewhere', () => {
    const cache = new CompletionCache();
    cache.store(URI, typed(0).text, typed(0).offset, SUGGESTION, 'c1');
    const diverged = BEFORE + '`Hi' + AFTER;
    assert.equal(cache.lookup(URI, diverged, BEFORE.length + 3), undefined);
    const suffixChanged = BEFORE + '`He' + '\n}\n// more\n';
    assert.equal(cache.lookup(URI, suffixChanged, BEFORE.length + 3), undefined);
    const editedAbove = BEFORE.replace('greet', 'greeT') + '`He' + AFTER;
    assert.equal(cache.lookup(URI, editedAbove, BEFORE.length + 3), undefined);
    assert.equal(cache.lookup('file:///ws/b.ts', typed(3).text, typed(3).offset), undefined);
    assert.equal(cache.lookup(URI, typed(0).text, typed(0).offset - 1), undefined, 'backspace before the position');
  });

  it('remembers "nothing to suggest" at a position, for that exact position only', () => {
    const cache = new CompletionCache();
    cache.store(URI, typed(0).text, typed(0).offset, '', 'c0');
    assert.deepEqual(cache.lookup(URI, typed(0).text, typed(0).offset), { text: '', completionId: 'c0', typed: 0 });
    assert.equal(cache.lookup(URI, typed(1).text, typed(1).offset), undefined);
  });

  it('prefers the newest suggestion when several fit', () => {
    const cache = new CompletionCache();
    cache.store(URI, typed(0).text, typed(0).offset, SUGGESTION, 'old'); // at "", suggests "`Hello, …"
    cache.store(URI, typed(1).text, typed(1).offset, 'Hey there`;', 'new'); // at "`", suggests "Hey there`;"
    const he = BEFORE + '`He' + AFTER; // fits both
    assert.deepEqual(cache.lookup(URI, he, BEFORE.length + 3), { text: 'y there`;', completionId: 'new', typed: 2 });
    const hel = BEFORE + '`Hel' + AFTER; // fits only the old one
    assert.deepEqual(cache.lookup(URI, hel, BEFORE.length + 4), { text: 'lo, ${name}!`;', completionId: 'old', typed: 4 });
  });

  it('is bounded: the least recently used entries go, with their index', () => {
    const cache = new CompletionCache({ capacity: 3 });
    for (let i = 0; i < 5; i++) cache.store(`file:///f${i}`, 'x', 1, 'yz', `c${i}`);
    assert.equal(cache.size, 3);
    assert.equal(cache.lookup('file:///f0', 'x', 1), undefined);
    assert.equal(cache.lookup('file:///f4', 'x', 1)?.completionId, 'c4');
    cache.forget('file:///f4');
    assert.equal(cache.lookup('file:///f4', 'x', 1), undefined);
    assert.equal(cache.size, 2);
    cache.store(URI, 'x', 1, 'y'.repeat(20), 'big');
    const small = new CompletionCache({ maxCompletionChars: 10 });
    small.store(URI, 'x', 1, 'y'.repeat(20), 'big');
    assert.equal(small.size, 0, 'oversized completions are not kept');
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('finds entries in a large document without copying it (keys read in place)', () => {
    const cache = new CompletionCache();
    const big = 'let filler = 0;\n'.repeat(50_000);
    const text = big + BEFORE + AFTER + big;
    const offset = big.length + BEFORE.length;
    cache.store(URI, text, offset, SUGGESTION, 'c1');
    const after = big + BEFORE + '`Hel' + AFTER + big;
    assert.equal(cache.lookup(URI, after, offset + 4)?.text, 'lo, ${name}!`;');
  });
});

describe('inline engine: LRU map and hashing', () => {
  it('evicts the least recently used and reports evictions', () => {
    const evicted: string[] = [];
    const lru = new LruMap<string, number>(2, (k) => evicted.push(k));
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    assert.deepEqual([...lru.keys()], ['a', 'c']);
    assert.deepEqual(evicted, ['b']);
    assert.equal(lru.peek('a'), 1);
    assert.equal(lru.delete('a'), true);
    assert.equal(lru.delete('a'), false);
    assert.equal(lru.size, 1);
  });

  it('hashes ranges in place, clamped to the text', () => {
    assert.equal(hashRange('xxabcxx', 2, 5), hashRange('abc', 0, 3));
    assert.equal(hashRange('abc', 0, 100), hashRange('abc', 0, 3));
    assert.notEqual(hashRange('abc', 0, 3), hashRange('abd', 0, 3));
  });
});
