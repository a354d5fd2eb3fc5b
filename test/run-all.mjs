#!/usr/bin/env node
// The one test aggregator (`npm test`): runs every suite, prints each one's report and counts,
// and ends with exactly one line `N passed, N failed` (the sum over suites), nothing after it.
//
//   node test/run-all.mjs                  # unit server webview vscode e2e
//   node test/run-all.mjs unit server      # a selection
//
// Suites run one after another as child processes. Each one writes its counts to a summary file
// (mocha: test/support/count-reporter.cjs; in-host: run-in-host.ts from the suite's results file),
// so counts are real tests, not processes. A suite that crashes, times out or exits non-zero
// without a failing test counts as (at least) one failure. A suite without test files counts 0.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from './vscode-host/ensure-host.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const MOCHA = require.resolve('mocha/bin/mocha.js');
const REPORTER = path.join(ROOT, 'test/support/count-reporter.cjs');
const MINUTE = 60_000;

/** mocha over the files under `dir` whose names end with `suffix`. */
const mochaSuite = (dir, suffix, { testTimeoutMs, suiteTimeoutMs, needsBuild = false }) => ({
  needsBuild,
  suiteTimeoutMs,
  files: () => findFiles(path.join(ROOT, dir), suffix),
  command: (files, summary) => [process.execPath, [MOCHA, '--import=tsx', '--exit', '--timeout', String(testTimeoutMs),
    '--reporter', REPORTER, '--reporter-option', `output=${summary}`, ...files]],
});

const SUITES = {
  unit: mochaSuite('test/unit', '.test.ts', { testTimeoutMs: 10_000, suiteTimeoutMs: 15 * MINUTE }),
  server: mochaSuite('test/server', '.test.ts', { testTimeoutMs: 20_000, suiteTimeoutMs: 15 * MINUTE }),
  // the chat webview's components in a real browser page (chromium) over the built bundle
  webview: mochaSuite('test/webview', '.test.ts', { testTimeoutMs: 30_000, suiteTimeoutMs: 10 * MINUTE, needsBuild: true }),
  vscode: {
    needsBuild: true,
    suiteTimeoutMs: 15 * MINUTE, // run-in-host has its own, shorter timeout (CHURNISTIC_VSCODE_TIMEOUT)
    files: () => findFiles(path.join(ROOT, 'test/vscode'), '.ts'),
    command: (_files, summary) => [process.execPath, ['--import', 'tsx',
      path.join(ROOT, 'test/vscode-host/run-in-host.ts'), '--summary', summary]],
  },
  e2e: mochaSuite('test/e2e', '.e2e.ts', { testTimeoutMs: 240_000, suiteTimeoutMs: 30 * MINUTE, needsBuild: true }),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((s) => !(s in SUITES));
if (unknown.length) {
  console.error(`run-all: unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const selected = requested.length ? [...new Set(requested)] : Object.keys(SUITES);

let current; // the running child, stopped by PID (its process group) on Ctrl-C or a suite timeout
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) killGroup(current.pid, 'SIGTERM');
    process.exit(128 + os.constants.signals[sig]);
  });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-run-all-'));
process.once('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
let prepared; // build + host, done once for the suites that need them
const results = [];
for (const name of selected) results.push({ name, ...(await runSuite(name, SUITES[name])) });

console.log('\n== summary');
for (const r of results) {
  const extra = [r.pending ? `${r.pending} pending` : '', r.note ?? ''].filter(Boolean).join(', ');
  console.log(`  ${r.name.padEnd(7)} ${r.passed} passed, ${r.failed} failed${extra ? ` (${extra})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

async function runSuite(name, suite) {
  const files = suite.files();
  console.log(`\n== ${name}: ${files.length} test file(s)`);
  if (!files.length) return { passed: 0, failed: 0, note: 'no test files' };
  if (suite.needsBuild) {
    prepared ??= prepare();
    if (prepared.error) {
      console.error(`run-all: ${name} not run: ${prepared.error}`);
      return { passed: 0, failed: 1, note: 'build or VS Code host failed' };
    }
  }
  const summary = path.join(scratch, `${name}.json`);
  const [cmd, argv] = suite.command(files, summary);
  const { code, timedOut } = await run(cmd, argv, suite.suiteTimeoutMs);
  const counts = readSummary(summary);
  if (!counts) {
    const why = timedOut ? 'timed out' : `exited with code ${code} before reporting counts`;
    console.error(`run-all: ${name} ${why}; counted as 1 failure`);
    return { passed: 0, failed: 1, note: why };
  }
  if ((code !== 0 || timedOut) && counts.failed === 0) {
    // e.g. an error thrown after the run, or a hang in teardown: never a silent pass
    const why = timedOut ? 'timed out' : `exit code ${code} with no failing test`;
    console.error(`run-all: ${name} ${why}; counted as 1 failure`);
    return { ...counts, failed: 1, note: why };
  }
  return counts;
}

/** Builds every esbuild target and makes sure the VS Code host is installed. */
function prepare() {
  console.log('run-all: building all targets (node esbuild.config.mjs)');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) return { error: `build failed (exit ${build.status})` };
  try {
    console.log(`run-all: VS Code host in ${ensureHost({ log: (m) => console.log(m) })}`);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return {};
}

/** Runs a suite in its own process group, output passed through; kills the group on timeout. */
function run(cmd, argv, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`run-all: suite did not finish within ${timeoutMs / MINUTE} min; stopping it`);
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('error', (e) => { console.error(`run-all: cannot start ${cmd}: ${e.message}`); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1), timedOut });
    });
  });
}

function killGroup(pid, sig) {
  try { process.kill(-pid, sig); } catch { /* already gone */ }
}

function readSummary(file) {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Number.isInteger(s.passed) || !Number.isInteger(s.failed)) return undefined;
    return { passed: s.passed, failed: s.failed, pending: s.pending ?? 0 };
  } catch {
    return undefined;
  }
}

/** Files under `dir` (recursively, sorted) whose names end with `suffix`; none if `dir` is missing. */
function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}
