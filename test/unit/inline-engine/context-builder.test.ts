import assert from 'node:assert/strict';
import { buildContext, snippetTokens } from '../../../extension/src/core/inline/context-builder';
import type { ContextSource, Snippet, SnippetSource } from '../../../extension/src/core/inline/types';
import { FakeClock, flush, snapshot } from './fakes';

const doc = snapshot('const a = compute();\n');

function source(name: SnippetSource, snippets: Snippet[], options: { timeoutMs?: number; budgetTokens?: number } = {}): ContextSource {
  return { name, budgetTokens: options.budgetTokens ?? 1000, timeoutMs: options.timeoutMs ?? 50, collect: async () => snippets };
}

const snip = (source: SnippetSource, path: string, text: string, score: number): Snippet => ({ source, path, text, score });

describe('inline engine: context builder', () => {
  it('skips a source slower than its time budget without waiting for it, and aborts its signal', async () => {
    const clock = new FakeClock();
    let slowSignal: AbortSignal | undefined;
    let slowFinished = false;
    const slow: ContextSource = {
      name: 'definition',
      budgetTokens: 500,
      timeoutMs: 40,
      collect: (_doc, signal) => {
        slowSignal = signal;
        // answers after 10 s of fake time, long after its 40 ms budget
        return new Promise((resolve) => clock.setTimeout(() => {
          slowFinished = true;
          resolve([snip('definition', 'src/slow.ts', 'function slow() {}', 1)]);
        }, 10_000));
      },
    };
    const fast = source('open', [snip('open', 'src/b.ts', 'function fast() { return 1; }', 0.5)]);
    let done = false;
    const pending = buildContext(doc, { sources: [slow, fast], budgetTokens: 1000, clock, signal: new AbortController().signal }).then((r) => {
      done = true;
      return r;
    });
    await clock.advance(39);
    assert.equal(done, false, 'still within the slow source budget');
    await clock.advance(1);
    assert.equal(done, true, 'resolved at the time budget, not when the slow source answers');
    const built = await pending;
    assert.equal(slowFinished, false);
    assert.equal(slowSignal?.aborted, true);
    assert.deepEqual(built.snippets.map((s) => s.path), ['src/b.ts']);
    assert.deepEqual(built.reports.map((r) => [r.name, r.status, r.ms]), [['definition', 'timeout', 40], ['open', 'ok', 0]]);
    // the late answer changes nothing
    await clock.advance(10_000);
    assert.equal(slowFinished, true);
    assert.deepEqual((await pending).snippets.length, 1);
  });

  it('treats a failing source as empty and keeps the others', async () => {
    const clock = new FakeClock();
    const failing: ContextSource = { name: 'import', budgetTokens: 100, timeoutMs: 50, collect: async () => { throw new Error('boom'); } };
    const throwing: ContextSource = { name: 'recent', budgetTokens: 100, timeoutMs: 50, collect: () => { throw new Error('sync boom'); } };
    const ok = source('open', [snip('open', 'x.ts', 'let x = 1;', 1)]);
    const built = await buildContext(doc, { sources: [failing, throwing, ok], budgetTokens: 500, clock, signal: new AbortController().signal });
    assert.deepEqual(built.reports.map((r) => r.status), ['error', 'error', 'ok']);
    assert.equal(built.snippets.length, 1);
  });

  it('stops every source when the request is aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const hanging: ContextSource = { name: 'open', budgetTokens: 100, timeoutMs: 1000, collect: (_d, s) => { signals.push(s); return new Promise(() => {}); } };
    const pending = buildContext(doc, { sources: [hanging, { ...hanging, name: 'import' }], budgetTokens: 500, clock, signal: controller.signal });
    await flush();
    controller.abort();
    const built = await pending;
    assert.deepEqual(built.reports.map((r) => r.status), ['aborted', 'aborted']);
    assert.ok(signals.every((s) => s.aborted));
    assert.equal(clock.pendingTimers, 0, 'timeout timers are cleared');
  });

  it('drops duplicates: same text from two sources, windows of one file inside another, text already in the prompt', async () => {
    const clock = new FakeClock();
    const body = 'export function total(items: Item[]) {\n  return items.reduce((s, i) => s + i.price, 0);\n}';
    const built = await buildContext(doc, {
      sources: [
        // listed first, but the definition source is more trusted and keeps the shared code
        source('open', [
          snip('open', 'src/total.ts', `// header\n${body}\n// footer`, 0.9), // contains the definition: same file
          snip('open', 'src/copy.ts', `  ${body.replace(/\n/g, '\n  ')}  `, 0.8), // same text modulo whitespace
          snip('open', 'src/app.ts', 'const a = compute();', 0.7), // already in the window
          snip('open', 'src/other.ts', 'function other() {}', 0.1),
        ]),
        source('definition', [snip('definition', 'src/total.ts', body, 1)]),
      ],
      budgetTokens: 10_000,
      clock,
      signal: new AbortController().signal,
      windowText: doc.text,
    });
    assert.deepEqual(built.snippets.map((s) => s.path), ['src/total.ts', 'src/other.ts']);
  });

  it('keeps each source within its token budget and the whole within the remaining budget, best first', async () => {
    const clock = new FakeClock();
    const text = (n: number): string => Array.from({ length: n }, (_, i) => `value${i} = ${i};`).join('\n');
    const a1 = snip('definition', 'a.ts', text(10), 5);
    const a2 = snip('definition', 'a2.ts', text(11), 4);
    const o1 = snip('open', 'o.ts', text(12), 100);
    const o2 = snip('open', 'o2.ts', text(13), 50);
    const one = snippetTokens(a1);
    const built = await buildContext(doc, {
      sources: [
        source('definition', [a2, a1], { budgetTokens: one + 1 }), // room for one: the better scored
        source('open', [o1, o2], { budgetTokens: 10_000 }),
      ],
      budgetTokens: snippetTokens(a1) + snippetTokens(o1) + 5,
      clock,
      signal: new AbortController().signal,
    });
    // definition (weight 1) beats open (weight 0.7) at equal normalized score; o2 does not fit any more
    assert.deepEqual(built.snippets.map((s) => s.path), ['a.ts', 'o.ts']);
    assert.equal(built.tokens, snippetTokens(a1) + snippetTokens(o1));
  });
});
