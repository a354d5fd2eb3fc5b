// Mocha reporter for test/run-all.mjs: prints the usual spec report and, at the end, writes
// {"passed","failed","pending","failures":[{"title","error"}]} to a file, so the aggregator counts
// real test results instead of guessing from exit codes or parsing console output.
//   mocha --reporter test/support/count-reporter.cjs --reporter-option output=/tmp/counts.json
// (or CHURNISTIC_SUITE_SUMMARY=/tmp/counts.json). Mocha 11 takes one reporter, hence the subclass.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const output = options.reporterOptions?.output ?? process.env.CHURNISTIC_SUITE_SUMMARY;
    const failures = [];
    // EVENT_TEST_FAIL also fires for failing hooks, which the stats count as failures too
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err?.message ?? err).slice(0, 4000) });
    });
    runner.once(EVENT_RUN_END, () => {
      if (!output) return;
      const stats = runner.stats ?? {};
      const summary = { passed: stats.passes ?? 0, failed: stats.failures ?? 0, pending: stats.pending ?? 0, failures };
      fs.writeFileSync(output, JSON.stringify(summary, null, 2));
    });
  }
}

module.exports = CountReporter;
