import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Finding } from '../../../protocol';
import { reviewCommand } from '../../../extension/src/core/review/cli-review';
import type { ReviewAnalyzer } from '../../../extension/src/core/review/run-review';

// reviewCommand in-process with a fake analyzer (`HIGH`/`MEDIUM` markers), on a real temp git repo:
// file collection, sensitive/ignored files, --diff and exit codes without the tree-sitter analyzers.
const marker: ReviewAnalyzer = {
  analyze({ path: file, text }) {
    const findings: Finding[] = [];
    text.split('\n').forEach((line, i) => {
      const m = /\b(HIGH|MEDIUM)\b/.exec(line);
      if (m) findings.push({ ruleId: `test/${m[1]!.toLowerCase()}`, source: 'analyzer', severity: m[1] === 'HIGH' ? 'high' : 'medium', category: 'bug', title: m[1]!, message: '', file, range: { startLine: i + 1, endLine: i + 1 } });
    });
    return { findings };
  },
};

async function run(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await reviewCommand(argv, { cwd, env, stdout, stderr }, { analysis: async () => ({ analyzer: marker }), version: '9.9.9' });
  return { code, out, err };
}

const git = (cwd: string, ...args: string[]) => assert.equal(spawnSync('git', args, { cwd }).status, 0, `git ${args.join(' ')}`);

describe('review: reviewCommand on a temp git repository (fake analyzer)', () => {
  let repo: string;
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-review-cmd-'));
    git(repo, 'init', '-q');
    git(repo, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'root');
    fs.mkdirSync(path.join(repo, 'a'));
    fs.writeFileSync(path.join(repo, 'a/one.ts'), 'ok\nHIGH\n');
    fs.writeFileSync(path.join(repo, 'a/two.py'), 'MEDIUM\n');
    fs.writeFileSync(path.join(repo, 'notes.md'), 'HIGH\n');
    fs.writeFileSync(path.join(repo, 'secrets.json'), '{"HIGH": 1}');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'gen/\n');
    fs.mkdirSync(path.join(repo, 'gen'));
    fs.writeFileSync(path.join(repo, 'gen/x.ts'), 'HIGH\n');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('reviews the repository\'s source files; sensitive skipped, ignored and non-source left out', async () => {
    const r = await run(repo, ['--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.deepEqual(out.findings.map((f: Finding) => `${f.file}:${f.range.startLine}`), ['a/one.ts:2', 'a/two.py:1']);
    assert.deepEqual(out.skipped, [{ path: 'secrets.json', reason: 'sensitive', detail: 'secrets-data' }]);
    assert.match(r.err, /offline \(no server URL/);
  });

  it('--fail-on: 1 at or above the level, 0 below; paths narrow the review; named ignored files are skipped', async () => {
    assert.equal((await run(repo, ['--fail-on', 'high'])).code, 1);
    assert.equal((await run(repo, ['a/two.py', '--fail-on', 'high'])).code, 0);
    assert.equal((await run(repo, ['a/two.py', '--fail-on', 'medium'])).code, 1);
    const named = await run(repo, ['gen/x.ts', 'notes.md', '--format', 'json', '--fail-on', 'info']);
    assert.equal(named.code, 0, named.err);
    assert.deepEqual(JSON.parse(named.out).skipped.map((s: { path: string; reason: string }) => `${s.path} ${s.reason}`), ['gen/x.ts gitignored', 'notes.md not-source']);
  });

  it('--diff BASE (working tree) keeps findings near changed lines; --output writes the file', async () => {
    const v1 = `HIGH\n${'y\n'.repeat(6)}`;
    fs.writeFileSync(path.join(repo, 'a/one.ts'), v1);
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-q', '-m', 'v1');
    fs.writeFileSync(path.join(repo, 'a/one.ts'), `${v1}MEDIUM\n`); // line 8; the HIGH on line 1 is 7 lines away
    const r = await run(repo, ['--diff', 'HEAD', '--format', 'sarif', '--output', 'out.sarif']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    const log = JSON.parse(fs.readFileSync(path.join(repo, 'out.sarif'), 'utf8'));
    assert.deepEqual(log.runs[0].results.map((x: any) => `${x.ruleId}:${x.locations[0].physicalLocation.region.startLine}`), ['test/medium:8']);
    assert.equal(log.runs[0].tool.driver.semanticVersion, '9.9.9');
    assert.match(r.err, /1 finding \(1 medium\) in 1 file reviewed/);
  });

  it('outside a git repository: walks the folder honouring .gitignore; --diff is an error (exit 2)', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-review-plain-'));
    try {
      fs.writeFileSync(path.join(plain, '.gitignore'), 'skip.ts\n');
      fs.writeFileSync(path.join(plain, 'skip.ts'), 'HIGH\n');
      fs.writeFileSync(path.join(plain, 'keep.ts'), 'HIGH\n');
      const r = await run(plain, ['--format', 'json']);
      assert.deepEqual(JSON.parse(r.out).findings.map((f: Finding) => f.file), ['keep.ts']);
      const d = await run(plain, ['--diff', 'HEAD']);
      assert.equal(d.code, 2);
      assert.match(d.err, /--diff needs a git repository/);
    } finally { fs.rmSync(plain, { recursive: true, force: true }); }
  });
});
