import assert from 'node:assert/strict';
import type { CodeContext } from '../../../protocol';
import { attachmentTokens, clipAttachment, fitAttachments, KIND_BUDGET, omittedMarker } from '../../../extension/src/core/context/fit';

// One token per line makes the budgets easy to reason about in tests.
const perLine = (s: string) => s.split('\n').length;
const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join('\n');
const item = (kind: CodeContext['kind'], n: number, fileName = `${kind}.ts`): CodeContext => ({ fileName, language: 'typescript', code: lines(n), kind });

describe('chat context: clipping attachments', () => {
  it('keeps an item that fits unchanged', () => {
    const c = item('selection', 10);
    assert.equal(clipAttachment(c, 100, perLine), c);
  });

  it('keeps head and tail around a marker and reports clipped lines', () => {
    const c = item('file', 100);
    const clipped = clipAttachment(c, 30, perLine)!;
    const out = clipped.code.split('\n');
    assert.ok(attachmentTokens(clipped, perLine) <= 30);
    assert.equal(clipped.clipped!.totalLines, 100);
    const kept = clipped.clipped!.keptLines;
    assert.equal(out.length, kept + 1);
    assert.equal(out[0], 'line 1');
    assert.equal(out.at(-1), 'line 100');
    assert.equal(out[Math.ceil(kept / 2)], omittedMarker(100 - kept));
    assert.match(omittedMarker(1200), /^… 1,200 lines omitted …$/);
  });

  it('an item already shortened by the editor keeps its original total', () => {
    const c = { ...item('selection', 100), clipped: { totalLines: 5000, keptLines: 100 } };
    const clipped = clipAttachment(c, 30, perLine)!;
    assert.equal(clipped.clipped!.totalLines, 5000);
    assert.equal(clipped.clipped!.keptLines, clipped.code.split('\n').length - 1);
  });

  it('gives up (undefined) when fewer than the minimum lines would fit', () => {
    assert.equal(clipAttachment(item('file', 100), 12, perLine), undefined);
  });
});

describe('chat context: fitAttachments', () => {
  it('uses at most half of the window minus the reserve, and reports every drop with a reason', () => {
    // budget = (1000 - 200) / 2 = 400 tokens
    const items = [item('workspace', 50, 'w.ts'), item('selection', 300, 's.ts'), item('file', 300, 'f.ts')];
    const { items: kept, dropped } = fitAttachments(items, { contextWindow: 1000, reserve: 200, countTokens: perLine });
    const total = kept.reduce((sum, c) => sum + attachmentTokens(c, perLine), 0);
    assert.ok(total <= 400, `used ${total}`);
    // the selection goes first whatever the order; the rest is clipped or dropped, never silently
    assert.equal(kept.find((c) => c.fileName === 's.ts')?.clipped, undefined);
    assert.equal(kept.length + dropped.length, 3);
    for (const d of dropped) assert.match(d.reason, /left out/);
  });

  it('returns kept items in the user\'s order', () => {
    const items = [item('workspace', 5, 'w.ts'), item('problems', 5, 'p'), item('selection', 5, 's.ts')];
    const { items: kept, dropped } = fitAttachments(items, { contextWindow: 100_000, reserve: 4096, countTokens: perLine });
    assert.deepEqual(kept.map((c) => c.fileName), ['w.ts', 'p', 's.ts']);
    assert.deepEqual(dropped, []);
  });

  it('clips each kind to its own budget', () => {
    const big = item('problems', KIND_BUDGET.problems * 2);
    const { items: [kept] } = fitAttachments([big], { contextWindow: 1_000_000, reserve: 4096, countTokens: perLine });
    assert.ok(kept!.clipped);
    assert.ok(attachmentTokens(kept!, perLine) <= KIND_BUDGET.problems);
  });

  it('drops what no longer fits, saying the earlier attachments used the budget', () => {
    const { items: kept, dropped } = fitAttachments([item('selection', 190, 'a.ts'), item('file', 100, 'b.ts')],
      { contextWindow: 600, reserve: 200, countTokens: perLine });
    assert.deepEqual(kept.map((c) => c.fileName), ['a.ts']);
    assert.deepEqual(dropped.map((d) => d.fileName), ['b.ts']);
    assert.match(dropped[0]!.reason, /attachments before it used \d+ of the 200 tokens/);
  });

  it('counts with the built-in estimate when no counter is given', () => {
    const { items: kept } = fitAttachments([item('file', 5000)], { contextWindow: 8192, reserve: 2048 });
    assert.ok(kept[0]!.clipped && kept[0]!.clipped.keptLines < 5000);
  });
});
