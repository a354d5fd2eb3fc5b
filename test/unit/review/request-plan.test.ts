import assert from 'node:assert/strict';
import { ReviewRequest } from '../../../protocol';
import { parseUnifiedDiff } from '../../../extension/src/core/review/chunk';
import { DEFAULT_LIMITS, estimateTokens, filterReviewable, languageOf, planReviewRequests } from '../../../extension/src/core/review/request-plan';

const file = (path: string, lines = 10, width = 40) => ({ path, text: Array.from({ length: lines }, (_, i) => `// ${path} ${i + 1} `.padEnd(width, 'x')).join('\n') });

describe('review: request plan', () => {
  it('sensitive, git-ignored, binary and oversized files are skipped with the reason; the rest kept', () => {
    const { kept, skipped } = filterReviewable([
      file('src/a.ts'), file('.env'), file('config/id_rsa'), file('secrets.yaml'), file('build/out.js'),
      { path: 'logo.ts', text: 'GIF89a\0\0' }, { path: 'huge.ts', text: 'x'.repeat(1_000_001) }, file('.env.example'),
    ], (p) => p.startsWith('build/'));
    assert.deepEqual(kept.map((f) => f.path), ['src/a.ts', '.env.example']);
    assert.deepEqual(skipped.map((s) => [s.path, s.reason]), [
      ['.env', 'sensitive'], ['config/id_rsa', 'sensitive'], ['secrets.yaml', 'sensitive'], ['build/out.js', 'gitignored'],
      ['logo.ts', 'binary'], ['huge.ts', 'too-large'],
    ]);
  });

  it('at most 20 files per request, every request valid under the protocol schema', () => {
    const files = Array.from({ length: 45 }, (_, i) => file(`src/f${i}.ts`, 3));
    const plan = planReviewRequests(files, { kind: 'review' });
    assert.deepEqual(plan.map((p) => p.request.files.length), [20, 20, 5]);
    for (const p of plan) ReviewRequest.parse(p.request);
    assert.equal(plan[0]!.request.files[0]!.language, 'typescript');
  });

  it('keeps each request within the token budget and 400k characters; large files go in pieces with their start lines', () => {
    const files = [file('big.py', 3000, 60), file('small.go', 5)];
    const limits = { maxTokensPerRequest: 8000 };
    const plan = planReviewRequests(files, { kind: 'security', limits });
    for (const p of plan) {
      ReviewRequest.parse(p.request);
      const chars = p.request.files.reduce((n, f) => n + f.content.length, 0);
      assert.ok(p.tokens <= 8000, `request of ${p.tokens} tokens`);
      assert.ok(chars <= DEFAULT_LIMITS.maxCharsPerRequest);
      assert.ok(estimateTokens(chars) <= 8000);
    }
    const pieces = plan.flatMap((p) => p.request.files).filter((f) => f.path === 'big.py');
    assert.ok(pieces.length > 5);
    assert.equal(pieces[0]!.startLine, 1);
    const lines = files[0]!.text.split('\n');
    for (const piece of pieces) assert.equal(piece.content.split('\n')[0], lines[piece.startLine - 1], 'startLine is exact');
    assert.equal(plan.at(-1)!.request.files.at(-1)!.path, 'small.go');
  });

  it('with a diff, only changed files and the pieces near changed lines are sent, with their hunks', () => {
    const big = file('src/big.ts', 2000);
    const diff = parseUnifiedDiff(`diff --git a/src/big.ts b/src/big.ts
--- a/src/big.ts
+++ b/src/big.ts
@@ -1500,2 +1500,3 @@
 a
+b
 c
`);
    const plan = planReviewRequests([big, file('src/other.ts')], { kind: 'review', diff, chunk: { maxLines: 300 } });
    const sent = plan.flatMap((p) => p.request.files);
    assert.ok(sent.every((f) => f.path === 'src/big.ts'));
    assert.ok(sent.every((f) => f.startLine <= 1504 && f.startLine + f.content.split('\n').length - 1 >= 1498));
    assert.match(plan[0]!.request.diff!, /@@ -1500,2 \+1500,3 @@/);
  });

  it('languages from extensions; lockfiles and minified bundles are not source', () => {
    assert.equal(languageOf('a/b.tsx'), 'typescriptreact');
    assert.equal(languageOf('Dockerfile'), 'dockerfile');
    assert.equal(languageOf('package-lock.json'), undefined);
    assert.equal(languageOf('dist/app.min.js'), undefined);
  });
});
