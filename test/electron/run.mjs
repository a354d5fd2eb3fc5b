#!/usr/bin/env node
// The same in-host mocha suites as `npm run test:vscode`, but in desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach update.code.visualstudio.com (and have a
// display; on a headless Linux box run it under `xvfb-run -a`). Not used by `npm test`: this
// repository's CI has no such access and runs the suites in code-server instead.
//
//   npm run test:electron                      # builds, starts the stack, runs, prints counts
//   CHURNISTIC_VSCODE_VERSION=1.100.3 npm run test:electron   # default: 'stable'
//
// Needs @vscode/test-electron (a devDependency to add: npm i -D @vscode/test-electron).
// Results: the suite's run() writes {"passed","failed","failures"} to CHURNISTIC_TEST_RESULTS;
// the last line is `N passed, N failed`, like test/run-all.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TESTS = path.join(ROOT, 'dist/test/vscode/index.js');

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch {
  console.error('test:electron needs @vscode/test-electron, which is not installed.\n'
    + 'Install it with `npm install --save-dev @vscode/test-electron` on a machine that can download\n'
    + 'VS Code, or run the same suites in code-server with `npm run test:vscode`.');
  process.exit(1);
}

// the extension, webview and server bundles (package.json's script builds only the test target)
const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--only', 'extension,webview-ui,server,test'],
  { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!fs.existsSync(TESTS)) {
  console.error(`${TESTS} does not exist: test/vscode/index.ts is missing`);
  process.exit(1);
}

// stack.ts is TypeScript (compiled as CommonJS): load it through tsx's loader, as the other
// suites do with --import tsx; a CommonJS module's exports arrive as `default`
await import('tsx');
const stackModule = await import('../support/stack.ts');
const { startStack } = stackModule.default ?? stackModule;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-electron-'));
const workspace = path.join(scratch, 'workspace');
const userData = path.join(scratch, 'user-data');
const resultsFile = path.join(scratch, 'results.json');
fs.mkdirSync(workspace);
fs.writeFileSync(path.join(workspace, 'sample.ts'),
  'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport const answer = add(40, 2);\n');

const stack = await startStack();
let exitCode = 1;
let results;
try {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
    'churnistic.serverUrl': stack.serverUrl,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
  }, null, 2));
  exitCode = await testElectron.runTests({
    version: process.env.CHURNISTIC_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS,
    launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      CHURNISTIC_TEST_SERVER_URL: stack.serverUrl,
      CHURNISTIC_TEST_TOKEN: stack.token,
      CHURNISTIC_TEST_FAKE_URL: stack.fake.url,
      CHURNISTIC_TEST_RESULTS: resultsFile,
    },
  }).catch((e) => {
    console.error(`test:electron: ${e?.message ?? e}`);
    return 1;
  });
  results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
} finally {
  await stack.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}

// same rule as run-all: no results, or a failing exit with no failing test, is one failure
const passed = results?.passed ?? 0;
let failed = results?.failed ?? 1;
if (exitCode !== 0 && failed === 0) failed = 1;
for (const f of results?.failures ?? []) console.error(`FAILED: ${f.title}\n${f.error}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
