/**
 * Runs the in-host mocha suites (dist/test/vscode/index.js) inside the real VS Code extension host
 * (code-server + headless chromium) against a real stack (fake upstream + built server).
 * Builds nothing: run `node esbuild.config.mjs` first (test/run-all.mjs does).
 *
 *   node --import tsx test/vscode-host/run-in-host.ts [--summary FILE] [--timeout SEC]
 *        [--extension DIR] [--tests FILE] [--no-stack] [--screenshot FILE]
 *
 * The suite's run() writes {"passed","failed","failures"} to CHURNISTIC_TEST_RESULTS; that file is
 * what gets counted, so 12 in-host tests count 12. No results file (crash, timeout, run() never
 * called) counts as one failure carrying the tail of the log. Exit code 0 only if all passed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { z } from 'zod';
import { ensureHost } from './ensure-host.mjs';
import { launchVSCode, type VSCodeSession } from './launch.mjs';
import { REPO_ROOT, startStack, type Stack } from '../support/stack';

const Results = z.object({
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative().optional(),
  failures: z.array(z.object({ title: z.string(), error: z.string() })).default([]),
});
type Results = z.infer<typeof Results>;

const { values: args } = parseArgs({
  options: {
    summary: { type: 'string' },
    timeout: { type: 'string', default: process.env.CHURNISTIC_VSCODE_TIMEOUT ?? '600' },
    extension: { type: 'string', default: REPO_ROOT },
    tests: { type: 'string', default: path.join(REPO_ROOT, 'dist/test/vscode/index.js') },
    'no-stack': { type: 'boolean', default: false },
    screenshot: { type: 'string', default: path.join(REPO_ROOT, 'test-output/vscode-in-host-failure.png') },
  },
});

// workbench noise that says nothing about the suite: the offline marketplace lookup (with a stack)
const HARMLESS = /ENOTFOUND open-vsx\.org/;
const logLines: string[] = [];
const remember = (line: string) => { logLines.push(line); if (logLines.length > 400) logLines.shift(); };
const tail = (n = 60) => logLines.slice(-n).join('\n');

async function main(): Promise<Results> {
  const extension = path.resolve(args.extension!);
  const tests = path.resolve(args.tests!);
  for (const p of [path.join(extension, 'package.json'), tests]) {
    if (!fs.existsSync(p)) throw new Error(`${p} does not exist; build first: node esbuild.config.mjs`);
  }
  const host = ensureHost();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-in-host-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  // a small file the suites can open (inline suggestions, explain, review)
  fs.writeFileSync(path.join(workspace, 'sample.ts'),
    'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport const answer = add(40, 2);\n');
  const resultsFile = path.join(scratch, 'results.json');

  let stack: Stack | undefined;
  let vscode: VSCodeSession | undefined;
  let exitCode: number | undefined;
  // Ctrl-C / kill: exit normally so the exit hooks of launch.mjs and stack.ts stop their processes
  const onSignal = (sig: NodeJS.Signals) => process.exit(128 + (os.constants.signals[sig] ?? 0));
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const env: Record<string, string> = { CHURNISTIC_TEST_RESULTS: resultsFile };
    const settings: Record<string, unknown> = {};
    if (!args['no-stack']) {
      stack = await startStack();
      Object.assign(env, {
        CHURNISTIC_TEST_SERVER_URL: stack.serverUrl,
        CHURNISTIC_TEST_TOKEN: stack.token,
        CHURNISTIC_TEST_FAKE_URL: stack.fake.url,
      });
      settings['churnistic.serverUrl'] = stack.serverUrl;
      console.log(`run-in-host: server ${stack.serverUrl}, fake upstream ${stack.fake.url}`);
    }

    let finish!: (code: number) => void;
    const finished = new Promise<number>((resolve) => { finish = resolve; });
    const timeoutSec = Number(args.timeout);
    const timer = setTimeout(() => {
      remember(`run-in-host: TIMEOUT - the suite did not finish within ${timeoutSec}s`);
      console.error(logLines.at(-1));
      finish(124);
    }, timeoutSec * 1000);
    try {
      vscode = await launchVSCode({
        host, extension, tests, workspace, settings, env,
        bindings: {
          // workbench + extension host console (mocha's report included); console.log-style args
          codeAutomationLog: (_level: unknown, parts: unknown) => {
            const line = Array.isArray(parts) ? format(...parts) : String(parts);
            if (HARMLESS.test(line)) return;
            remember(line);
            console.log(line);
          },
          codeAutomationExit: (code: number) => finish(code),
        },
      });
      vscode.page.on('crash', () => { remember('run-in-host: browser page crashed'); finish(1); });
      exitCode = await finished;
    } finally {
      clearTimeout(timer);
    }
    const results = readResults(resultsFile, exitCode);
    if (results.failed > 0 && vscode) {
      fs.mkdirSync(path.dirname(args.screenshot!), { recursive: true });
      await vscode.page.screenshot({ path: args.screenshot! }).then(
        () => console.log(`run-in-host: screenshot ${args.screenshot}`), () => {});
    }
    return results;
  } catch (e) {
    // code-server, the browser or the stack failed to start: one failure with the reason and logs
    const logs = [tail(), vscode?.log().slice(-3000), stack ? `--- server ---\n${stack.serverLog().slice(-3000)}` : '']
      .filter(Boolean).join('\n');
    return crashed(`in-host suite could not run: ${e instanceof Error ? e.stack ?? e.message : e}`, logs);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (stack && exitCode !== 0) console.error(`--- churnistic server log (tail) ---\n${stack.serverLog().slice(-4000)}`);
    await vscode?.close();
    await stack?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The suite's own counts; a missing or broken file, or an exit code that disagrees, is a failure. */
function readResults(file: string, exitCode: number | undefined): Results {
  if (!fs.existsSync(file)) {
    const why = exitCode === 124 ? `timed out after ${args.timeout}s` : `exit code ${exitCode}; did run() start?`;
    return crashed(`in-host suite wrote no results (${why})`, tail());
  }
  const parsed = Results.safeParse(safeJson(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) return crashed(`in-host results file is not {passed, failed, failures}: ${parsed.error.message}`, tail());
  const results = parsed.data;
  if (exitCode !== 0 && results.failed === 0) {
    // run() rejected (or timed out) after writing counts: never let that look like a pass
    results.failed = 1;
    results.failures.push({ title: 'in-host run()', error: `exit code ${exitCode} although no test failed\n${tail()}` });
  }
  return results;
}

function crashed(title: string, log: string): Results {
  return { passed: 0, failed: 1, failures: [{ title, error: log }] };
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

void main().then((results) => {
  if (args.summary) fs.writeFileSync(args.summary, JSON.stringify(results, null, 2));
  for (const f of results.failures) console.error(`\nFAILED: ${f.title}\n${f.error}`);
  console.log(`\nin-host: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed > 0 ? 1 : 0);
});
