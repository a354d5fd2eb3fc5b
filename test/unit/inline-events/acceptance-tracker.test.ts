import assert from 'node:assert/strict';
import type { InlineEvent } from '../../../protocol';
import { AcceptanceTracker } from '../../../extension/src/core/inline/acceptance-tracker';

const suggestion = (id: string, text = 'return a + b;', offset = 10) => ({ completionId: id, uri: 'file:///a.ts', offset, text, language: 'typescript' });

function tracker() {
  const events: InlineEvent[] = [];
  const t = new AcceptanceTracker((e) => events.push(e), () => new Date('2026-11-26T10:00:00Z'));
  const summary = () => events.map((e) => `${e.type}:${e.completionId}:${e.acceptedChars ?? e.shownChars ?? ''}`);
  return { t, events, summary };
}

describe('inline acceptance tracker', () => {
  it('shown then Tab → shown, accepted with the whole length', () => {
    const { t, summary, events } = tracker();
    t.shown(suggestion('c1'));
    t.inserted('file:///a.ts', 10, 'return a + b;');
    t.accepted('c1');
    assert.deepEqual(summary(), ['shown:c1:13', 'accepted:c1:13']);
    assert.equal(events[0]!.at, '2026-11-26T10:00:00.000Z');
  });

  it('the accept command may run before the document change: still one accept', () => {
    const { t, summary } = tracker();
    t.shown(suggestion('c1'));
    t.accepted('c1');
    t.inserted('file:///a.ts', 10, 'return a + b;');
    assert.deepEqual(summary(), ['shown:c1:13', 'accepted:c1:13']);
  });

  it('accepting the next word, then moving on → partially accepted with the kept characters', () => {
    const { t, summary } = tracker();
    t.shown(suggestion('c1'));
    t.inserted('file:///a.ts', 10, 'return ');
    t.inserted('file:///a.ts', 17, 'a ');
    t.settle();
    assert.deepEqual(summary(), ['shown:c1:13', 'partiallyAccepted:c1:9']);
  });

  it('typing into the suggestion keeps it (the cache re-shows the same id); Tab accepts it all', () => {
    const { t, summary } = tracker();
    t.shown(suggestion('c1'));
    t.inserted('file:///a.ts', 10, 'r');
    t.shown({ ...suggestion('c1', 'eturn a + b;', 11) });
    t.accepted('c1');
    assert.deepEqual(summary(), ['shown:c1:13', 'accepted:c1:13']);
  });

  it('a different suggestion, or typing something else, dismisses the one on screen', () => {
    const { t, summary } = tracker();
    t.shown(suggestion('c1'));
    t.shown(suggestion('c2', 'x', 30));
    t.inserted('file:///a.ts', 30, 'y');
    assert.deepEqual(summary(), ['shown:c1:13', 'dismissed:c1:', 'shown:c2:1', 'dismissed:c2:']);
  });

  it('ignores edits in other documents and accepts of stale ids', () => {
    const { t, summary } = tracker();
    t.shown(suggestion('c1'));
    t.inserted('file:///other.ts', 10, 'zzz');
    t.accepted('old');
    t.accepted('c1');
    assert.deepEqual(summary(), ['shown:c1:13', 'accepted:c1:13']);
  });
});
