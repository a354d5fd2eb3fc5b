import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReviewJsonOutput } from '../../extension/src/core/review/format';
import { assertValidSarif } from '../unit/review/sarif-validate';
import { startTestServer, type TestServer } from './harness';

// The built CLI as CI runs it (`node dist/cli.js review …`) on a temporary git repository.
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

interface Run { code: number; stdout: string; stderr: string }

/** Asynchronous on purpose: the server under test runs in this process and must keep answering. */
function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { ...process.env };
    for (const k of ['CHURNISTIC_TOKEN', 'CHURNISTIC_SERVER_URL', 'NO_COLOR']) delete clean[k];
    execFile(process.execPath, [CLI, 'review', ...args], { cwd, env: { ...clean, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

const APP_V1 = [
  "const { exec } = require('node:child_process');", // 1
  'function run(userInput) {', // 2
  '  return eval(userInput);', // 3 js/eval (high)
  '}', // 4
  ...Array.from({ length: 20 }, (_, i) => `function f${i}() { return ${i}; }`), // 5..24
  'module.exports = { run };', // 25
].join('\n');
const APP_V2 = APP_V1.replace('function f15() { return 15; }', 'function f15(code) { return eval(code); }'); // line 20
const WEAK = "const crypto = require('node:crypto');\nexports.digest = (s) => crypto.createHash('md5').update(s).digest('hex');\n"; // js/weak-hash (medium)

describe('server: `churnistic review` CLI (built dist/cli.js, temp git repo)', function () {
  this.timeout(120_000);
  let repo: string;

  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--only', 'server'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(build.status, 0, build.stderr);
  });

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-cli-review-'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 't@example.com');
    git(repo, 'config', 'user.name', 'T');
    fs.mkdirSync(path.join(repo, 'src'));
    fs.mkdirSync(path.join(repo, 'lib'));
    fs.writeFileSync(path.join(repo, 'src/app.js'), `${APP_V1}\n`);
    fs.writeFileSync(path.join(repo, 'lib/weak.js'), WEAK);
    // a secret in a sensitive file: never read, reported as skipped
    fs.writeFileSync(path.join(repo, '.env'), 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'build/\n');
    fs.mkdirSync(path.join(repo, 'build'));
    fs.writeFileSync(path.join(repo, 'build/out.js'), 'eval(x)\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v1');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('--offline --format sarif: valid SARIF 2.1.0 with the analyzer findings, sensitive and ignored files left out', async () => {
    const r = await cli(repo, ['--offline', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    const results = log.runs[0].results as any[];
    const at = results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`);
    assert.ok(at.includes('src/app.js:3 js/eval'), at.join('\n'));
    assert.ok(at.includes('lib/weak.js:2 js/weak-hash'), at.join('\n'));
    assert.ok(!at.some((x) => x.startsWith('.env') || x.startsWith('build/')), at.join('\n'));
    assert.match(r.stderr, /offline \(--offline was given\): analyzers only/);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => n.message.text);
    assert.ok(notes.includes('skipped .env: sensitive (dotenv)'), notes.join('\n'));
  });

  it('--fail-on high exits 1 only when a high finding exists; 0 when the only findings are medium', async () => {
    const all = await cli(repo, ['--offline', '--fail-on', 'high']);
    assert.equal(all.code, 1, all.stderr);
    assert.match(all.stdout, /src\/app\.js:3:\d+ high js\/eval/);
    assert.match(all.stderr, /finding\(s\) at or above --fail-on high/);

    const mediumOnly = await cli(repo, ['lib', '--offline', '--fail-on', 'high', '--format', 'json']);
    assert.equal(mediumOnly.code, 0, mediumOnly.stderr);
    const out = ReviewJsonOutput.parse(JSON.parse(mediumOnly.stdout));
    assert.ok(out.findings.length > 0 && out.findings.every((f) => f.severity === 'medium'), JSON.stringify(out.findings));
    assert.equal((await cli(repo, ['lib', '--offline', '--fail-on', 'medium'])).code, 1);
    assert.equal((await cli(repo, ['--offline', '--fail-on', 'none'])).code, 0);
  });

  it('--diff BASE..HEAD keeps only findings on the lines that changed', async () => {
    fs.writeFileSync(path.join(repo, 'src/app.js'), `${APP_V2}\n`);
    git(repo, 'commit', '-q', '-am', 'v2');
    git(repo, 'checkout', '-q', 'HEAD~1'); // the files are read as of HEAD of the range, not the checkout
    const r = await cli(repo, ['--offline', '--diff', 'main~1..main', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = ReviewJsonOutput.parse(JSON.parse(r.stdout));
    assert.deepEqual(out.findings.map((f) => `${f.file}:${f.range.startLine} ${f.ruleId}`), ['src/app.js:20 js/eval']);
    assert.equal(out.summary.files, 1);
  });

  it('bad arguments: exit 2 with the reason and the usage', async () => {
    const r = await cli(repo, ['--format', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be one of text, json, sarif/);
    assert.match(r.stderr, /usage: churnistic review/);
    const missing = await cli(repo, ['no/such/dir', '--offline']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: no\/such\/dir/);
    const badRange = await cli(repo, ['--offline', '--diff', 'nope..HEAD']);
    assert.equal(badRange.code, 2);
    assert.match(badRange.stderr, /git diff failed/);
  });

  describe('against the real server (fake upstream scripted with findings)', () => {
    let s: TestServer;
    before(async () => { s = await startTestServer({ modelConfig: { limits: { user: { review: { requestsPerMinute: 1000 } } } } }); });
    after(async () => { await s.close(); });

    it('the model\'s findings are merged with the analyzer\'s, duplicates dropped', async () => {
      const modelFinding = (extra: Record<string, unknown>) => ({
        file: 'src/app.js', severity: 'high', category: 'security', title: 't', message: 'm', confidence: 0.8, ...extra,
      });
      s.fake.script({ text: JSON.stringify({ findings: [
        // the analyzer's eval again (same line, same category): merged into one finding
        modelFinding({ startLine: 3, endLine: 3, title: 'eval of user input', quote: 'eval(userInput)' }),
        modelFinding({ startLine: 1, endLine: 1, severity: 'low', category: 'maintainability', title: 'exec is unused', quote: 'exec' }),
      ] }) });
      const r = await cli(repo, ['src', '--format', 'json'], { CHURNISTIC_SERVER_URL: s.url, CHURNISTIC_TOKEN: s.token });
      assert.equal(r.code, 0, r.stderr);
      const out = ReviewJsonOutput.parse(JSON.parse(r.stdout));
      assert.equal(out.summary.mode, 'online');
      assert.deepEqual(out.findings.map((f) => `${f.file}:${f.range.startLine} ${f.source} ${f.ruleId}`), [
        'src/app.js:1 llm llm/maintainability',
        'src/app.js:3 analyzer js/eval',
      ]);
      assert.equal(s.fake.chatRequests.length, 1);
    });

    it('a wrong token: the analyzer findings are still printed, and exit 2 says the AI review is incomplete', async () => {
      const r = await cli(repo, ['src', '--format', 'json'], { CHURNISTIC_SERVER_URL: s.url, CHURNISTIC_TOKEN: 'chur_wrong_token_123456789012' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /the AI review is incomplete/);
      const out = ReviewJsonOutput.parse(JSON.parse(r.stdout));
      assert.ok(out.findings.some((f) => f.ruleId === 'js/eval'));
      assert.equal(out.summary.errors.length, 1);
    });
  });
});
