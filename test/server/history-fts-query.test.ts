import assert from 'node:assert/strict';
import { MAX_PHRASES, parseHighlighted, toFtsQuery } from '../../server/src/data/conversations-fts-query';

describe('server: search query sanitizer (user text → safe FTS5 query)', () => {
  it('quotes every word; phrases, prefixes and punctuation-joined words keep their meaning', () => {
    assert.equal(toFtsQuery('kubernetes ingress'), '"kubernetes" "ingress"');
    assert.equal(toFtsQuery('"blue whale" friday'), '"blue whale" "friday"');
    assert.equal(toFtsQuery('refac* "blue wh"*'), '"refac"* "blue wh"*');
    assert.equal(toFtsQuery('user_id foo.bar()'), '"user id" "foo bar"');
    assert.equal(toFtsQuery('Ünïcödé 日本語'), '"Ünïcödé" "日本語"');
  });

  it('turns FTS5 syntax into plain words', () => {
    assert.equal(toFtsQuery('a OR b NOT c'), '"a" "OR" "b" "NOT" "c"');
    assert.equal(toFtsQuery('content:secret'), '"content secret"');
    assert.equal(toFtsQuery('NEAR(a b, 3)'), '"NEAR a" "b" "3"');
    assert.equal(toFtsQuery('{title content}: x ^y'), '"title" "content" "x" "y"');
    assert.equal(toFtsQuery('"unterminated phrase'), '"unterminated phrase"');
    assert.equal(toFtsQuery('w* ab** *yz'), '"w" "ab"* "yz"', 'a one-letter prefix is a plain word; a leading * is dropped');
  });

  it('returns null when nothing searchable is left, and bounds the size of what is', () => {
    for (const q of ['', '   ', '"', '""', '*', '()', '^:', '\u0000\u0002', '🦀']) assert.equal(toFtsQuery(q), null, JSON.stringify(q));
    const many = toFtsQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))!;
    assert.equal(many.split(' ').length, MAX_PHRASES);
    assert.equal(toFtsQuery('same same same'), '"same"');
    assert.equal(toFtsQuery('x'.repeat(500)), `"${'x'.repeat(64)}"`);
  });

  it('parses snippet markers into text and highlight ranges', () => {
    assert.deepEqual(parseHighlighted('…the \u0002zeppelin\u0003 and \u0002airship\u0003s'), {
      text: '…the zeppelin and airships', highlights: [{ start: 5, end: 13 }, { start: 18, end: 25 }],
    });
    assert.deepEqual(parseHighlighted('no marks'), { text: 'no marks', highlights: [] });
  });
});
