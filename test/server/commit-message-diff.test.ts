import assert from 'node:assert/strict';
import { fitDiff, MIN_HUNK_LINES, parseDiff } from '../../server/src/domain/review/diff-fit';

// A deterministic counter (about 4 characters a token), so budgets in the tests are exact.
const count = (t: string) => Math.ceil(t.length / 4);

const file = (name: string, hunks: number, lines: number) => [
  `diff --git a/${name} b/${name}`, 'index 1111111..2222222 100644', `--- a/${name}`, `+++ b/${name}`,
  ...Array.from({ length: hunks }, (_, h) => [`@@ -${h * 100 + 1},${lines} +${h * 100 + 1},${lines} @@ function f${h}() {`,
    ...Array.from({ length: lines }, (_, j) => `+  const changed_${h}_${j} = compute(${j}); // ${name}`)]).flat(),
].join('\n');

describe('server: commit-message diff fitting (domain/review/diff-fit.ts)', () => {
  it('keeps a diff that fits unchanged', () => {
    const diff = file('src/a.ts', 2, 10);
    assert.deepEqual(fitDiff(diff, count(diff), count), { text: diff, omittedFiles: [], cutLines: 0 });
  });

  it('cuts every hunk to its first N lines, keeping headers and @@ lines, with a marker per cut hunk', () => {
    const diff = [file('src/a.ts', 2, 80), file('src/b.ts', 1, 80)].join('\n');
    const budget = Math.floor(count(diff) / 3);
    const fitted = fitDiff(diff, budget, count);
    assert.ok(count(fitted.text) <= budget);
    assert.deepEqual(fitted.omittedFiles, []);
    for (const header of ['diff --git a/src/a.ts b/src/a.ts', '+++ b/src/b.ts', '@@ -101,80 +101,80 @@ function f1() {']) {
      assert.ok(fitted.text.includes(header), header);
    }
    const markers = [...fitted.text.matchAll(/\[… (\d+) more lines of this hunk left out to fit the context window …\]/g)];
    assert.equal(markers.length, 3, 'one per hunk');
    const kept = 80 - Number(markers[0]![1]);
    assert.ok(kept >= MIN_HUNK_LINES);
    assert.ok(fitted.text.includes(`+  const changed_0_${kept - 1} = `) && !fitted.text.includes(`+  const changed_0_${kept} = `), 'the first lines of a hunk');
    assert.equal(fitted.cutLines, 3 * (80 - kept));
  });

  it('when even short hunks do not fit, keeps files in order and lists the others by name', () => {
    const names = Array.from({ length: 40 }, (_, i) => `src/file${i}.ts`);
    const diff = names.map((n) => file(n, 1, 50)).join('\n');
    const fitted = fitDiff(diff, 1500, count);
    assert.ok(count(fitted.text) <= 1500);
    assert.ok(fitted.omittedFiles.length > 0 && fitted.omittedFiles.length < 40);
    assert.deepEqual(fitted.omittedFiles, names.slice(40 - fitted.omittedFiles.length), 'the last files go first');
    assert.ok(fitted.text.includes('diff --git a/src/file0.ts'));
    assert.ok(fitted.text.endsWith(`were left out to fit the context window: ${fitted.omittedFiles.join(', ')}]`));
    assert.match(fitted.text, new RegExp(`\\[… ${50 - MIN_HUNK_LINES} more lines of this hunk`));
  });

  it('reads plain unified diffs (no diff --git), new and deleted files by their real name', () => {
    const diff = ['--- a/x.txt', '+++ b/x.txt', '@@ -1 +1 @@', '-a', '+b', '--- a/gone.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-bye'].join('\n');
    assert.deepEqual(parseDiff(diff).map((f) => [f.name, f.hunks.length]), [['x.txt', 1], ['gone.txt', 1]]);
  });
});
