// analyzeAll: same results in one thread and in worker threads, in input order, reading files by path.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeAll, languageOf, WASM_FILES, defaultWasmDir } from '../../../extension/src/core/analysis';

describe('analysis: analyzeAll and setup', () => {
  it('worker threads give the same results as one thread, in order', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-analyze-'));
    try {
      const files = Array.from({ length: 40 }, (_, i) => {
        const p = path.join(dir, i % 2 ? `f${i}.py` : `f${i}.ts`);
        fs.writeFileSync(p, i % 2 ? `def f${i}(x):\n    eval(x)\n` : `export function f${i}(x: string) { return eval(x); }\n`);
        return { path: `src/${path.basename(p)}`, readFrom: p };
      });
      const one = await analyzeAll(files, { concurrency: 1 });
      const two = await analyzeAll(files, { concurrency: 2, batchSize: 7 });
      assert.deepEqual(two, one);
      assert.deepEqual(one.map((r) => r.findings[0]?.ruleId), files.map((_, i) => (i % 2 ? 'py/eval' : 'js/eval')));
      assert.equal(one[3]!.findings[0]!.file, 'src/f3.py');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('languages by extension and VS Code id; the wasm files exist', () => {
    assert.deepEqual(['a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.py', 'a.go'].map((p) => languageOf(p)),
      ['javascript', 'javascript', 'javascript', 'javascript', 'typescript', 'typescript', 'typescript', 'typescript', 'python', undefined]);
    assert.equal(languageOf('x', 'typescriptreact'), 'typescript');
    for (const f of WASM_FILES) assert.ok(fs.existsSync(path.join(defaultWasmDir(), f)), f);
  });
});
