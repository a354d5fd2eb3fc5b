// extensionTestsPath entry: VS Code calls run() inside the extension host. Runs every compiled
// *.test.js next to this file with mocha and writes the counts for the test aggregator to
// $CHURNISTIC_TEST_RESULTS as {"passed","failed","failures":[{"title","error"}]}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Results {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

function writeResults(results: Results): void {
  const file = process.env.CHURNISTIC_TEST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

export function run(): Promise<void> {
  const results: Results = { passed: 0, failed: 0, failures: [] };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => { results.passed++; });
      // hook failures ("before all" …) count too: the tests behind them did not run
      runner.on('fail', (test, err: Error) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) });
      });
    } catch (e) {
      // a suite that throws while loading: report it instead of a silent 0/0
      results.failed++;
      results.failures.push({ title: 'loading the in-host suites', error: e instanceof Error ? e.stack ?? e.message : String(e) });
      writeResults(results);
      reject(e);
    }
  });
}
