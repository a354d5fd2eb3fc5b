// The workspace index on real temp directories: what gets indexed, what is never touched (proved
// with a file system that records every call), incremental updates, rescans, and memory bounds.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSensitivePath } from '../../../extension/src/core/security/sensitive-files';
import { WorkspaceIndex, type WorkspaceIndexOptions } from '../../../extension/src/core/workspace-index/workspace-index';
import { FAKE_SECRET, RecordingFs, makeTempDir, removeDir, sourceOfSize, standardTree, writeTree } from '../../fixtures/workspace/fixture-tree';

const INDEXED = [
  'lib/generated/kept.ts',
  'services/App.java',
  'services/lib.rs',
  'services/orders.py',
  'services/server.go',
  'src/app.ts',
  'src/env.ts',
  'src/key.ts',
  'src/monkey.py',
  'src/secrets.ts',
  'src/util/important.tmp.ts',
  'src/util/math.ts',
];

/** Never listed, stat'ed or read, at any point. */
const UNTOUCHABLE = [
  '.env', '.env.local', '.env.ts', 'config/id_rsa', 'certs/server.pem', 'certs/server.key', '.npmrc', '.ssh', '.ssh/deploy.sh',
  'infra/terraform.tfstate', 'node_modules', 'node_modules/pkg/index.js', 'dist', 'dist/bundle.js', '.git', '.git/HEAD',
  'build', 'build/out.ts', 'generated', 'generated/types.ts', 'debug.log', 'src/util/scratch.tmp.ts', 'src/local-settings.ts',
];

describe('workspace index', () => {
  let root: string;
  let recording: RecordingFs;
  let index: WorkspaceIndex;

  async function open(options: WorkspaceIndexOptions = {}): Promise<WorkspaceIndex> {
    recording = new RecordingFs(root);
    index = new WorkspaceIndex(recording, options);
    return index;
  }

  function indexedPaths(): string[] {
    return [...index.knownFiles()].sort();
  }

  beforeEach(async () => {
    root = await makeTempDir();
    await writeTree(root, standardTree());
  });

  afterEach(async () => {
    index?.dispose();
    await removeDir(root);
  });

  it('indexes the source files, honouring nested .gitignore files, skip folders and the sensitive policy', async () => {
    await (await open()).start();
    assert.deepEqual(indexedPaths(), INDEXED);
    const stats = index.stats();
    assert.equal(stats.ready, true);
    assert.equal(stats.files, INDEXED.length);
    assert.equal(stats.truncated, false);
    assert.equal(stats.skipped['too-large'], 1, 'src/big.ts');
    assert.equal(stats.skipped.binary, 1, 'src/weird.ts');
    assert.equal(stats.skipped.minified, 1, 'src/vendor.js');
    assert.ok(stats.skipped.sensitive >= 7);
    assert.ok(stats.skipped.ignored >= 4);
    assert.ok(stats.skipped.excluded >= 3);
  });

  it('never lists, stats or reads sensitive, ignored or excluded paths', async () => {
    await (await open()).start();
    const touched = new Set(recording.touched());
    for (const p of UNTOUCHABLE) assert.equal(touched.has(p), false, `${p} was touched`);
    for (const p of touched) assert.equal(isSensitivePath(p), false, `${p} is sensitive`);
    const read = recording.touched('readFile');
    assert.ok(!read.includes('src/big.ts'), 'a file over the size limit is stat’ed, not read');
    assert.ok(!read.includes('src/logo.png'), 'a non-source file is not read');
    assert.ok(read.includes('src/weird.ts'), 'a binary with a source extension is read once, then dropped');
    assert.ok(!read.includes('config/id_rsa.pub'), 'public keys are allowed but not source');
  });

  it('never lets the fake secret into any answer', async () => {
    await (await open()).start();
    assert.deepEqual(index.searchSnippets(`API_KEY ${FAKE_SECRET} _authToken TOKEN`, 10), []);
    assert.deepEqual(index.symbolsNamed('API_KEY'), []);
    for (const p of index.knownFiles()) assert.ok(!index.textOf(p)!.includes(FAKE_SECRET), p);
  });

  it('finds symbols by name across languages, with path, line and signature', async () => {
    await (await open()).start();
    assert.deepEqual(index.symbolsNamed('totalPrice').map((s) => [s.path, s.kind, s.line, s.container, s.signature]), [
      ['src/app.ts', 'method', 7, 'ShoppingCart', 'totalPrice(): number {'],
    ]);
    assert.equal(index.symbolsNamed('place_order')[0]?.path, 'services/orders.py');
    assert.equal(index.symbolsNamed('StartServer')[0]?.path, 'services/server.go');
    assert.equal(index.symbolsNamed('balance')[0]?.container, 'Ledger');
    assert.deepEqual(index.symbolsNamed('main').map((s) => `${s.path}:${s.kind}`).sort(), ['services/App.java:method', 'services/orders.py:function']);
    assert.deepEqual(index.symbolsNamed('scratchOnly'), [], 'ignored by the nested .gitignore');
    assert.deepEqual(index.symbolsNamed('notAThing'), []);
  });

  it('builds in the background: start() returns at once and the event loop keeps turning', async () => {
    await writeTree(root, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`many/file${i}.ts`, `export function f${i}() {}\n`])));
    await open();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const ready = index.start();
    assert.equal(index.stats().ready, false);
    assert.equal(index.start(), ready, 'a second start is the same build');
    await ready;
    clearInterval(ticker);
    assert.ok(ticks > 0, 'timers ran while the index was being built');
    assert.equal(index.stats().files, INDEXED.length + 40);
  });

  it('applies created, changed and deleted files incrementally, reading only what changed', async () => {
    await (await open()).start();
    await fs.writeFile(path.join(root, 'src/new.ts'), 'export function freshlyAdded() {}\n');
    await fs.writeFile(path.join(root, 'src/util/math.ts'), 'export function multiply(a: number, b: number) { return a * b; }\n');
    await fs.rm(path.join(root, 'src/key.ts'));
    recording.reset();
    await index.applyChanges([
      { kind: 'created', path: 'src/new.ts' },
      { kind: 'changed', path: 'src/util/math.ts' },
      { kind: 'deleted', path: 'src/key.ts' },
    ]);
    assert.deepEqual(recording.touched('readFile').sort(), ['src/new.ts', 'src/util/math.ts']);
    assert.equal(index.symbolsNamed('freshlyAdded')[0]?.path, 'src/new.ts');
    assert.equal(index.symbolsNamed('multiply')[0]?.path, 'src/util/math.ts');
    assert.deepEqual(index.symbolsNamed('add'), [], 'the old symbols of a changed file are gone');
    assert.deepEqual(index.symbolsNamed('keyOf'), []);
    assert.ok(!index.knownFiles().has('src/key.ts'));
  });

  it('drops events for sensitive, excluded and ignored paths without touching them', async () => {
    await (await open()).start();
    await writeTree(root, { '.env.production': `X=${FAKE_SECRET}\n`, 'node_modules/x/y.ts': 'export function nm() {}\n', 'build/z.ts': 'export function bz() {}\n' });
    recording.reset();
    await index.applyChanges([
      { kind: 'created', path: '.env.production' },
      { kind: 'changed', path: '.env' },
      { kind: 'created', path: 'node_modules/x/y.ts' },
      { kind: 'created', path: 'build/z.ts' },
      { kind: 'created', path: 'src/util/scratch.tmp.ts' },
    ]);
    assert.deepEqual(recording.calls, []);
    assert.deepEqual(indexedPaths(), INDEXED);
  });

  it('indexes a created folder, forgets a deleted one', async () => {
    await (await open()).start();
    await writeTree(root, { 'pkg/a.ts': 'export function pkgA() {}\n', 'pkg/deep/b.ts': 'export function pkgB() {}\n', 'pkg/.gitignore': 'skip.ts\n', 'pkg/skip.ts': 'export function pkgSkip() {}\n' });
    await index.applyChanges([{ kind: 'created', path: 'pkg' }]);
    assert.ok(index.knownFiles().has('pkg/a.ts') && index.knownFiles().has('pkg/deep/b.ts'));
    assert.ok(!index.knownFiles().has('pkg/skip.ts'));
    await fs.rm(path.join(root, 'pkg'), { recursive: true });
    await index.applyChanges([{ kind: 'deleted', path: 'pkg' }]);
    assert.deepEqual(indexedPaths(), INDEXED);
    assert.deepEqual(index.symbolsNamed('pkgB'), []);
  });

  it('re-evaluates the tree when a .gitignore changes, re-reading only what changed', async () => {
    await (await open()).start();
    await fs.writeFile(path.join(root, '.gitignore'), 'services/\n');
    recording.reset();
    await index.applyChanges([{ kind: 'changed', path: '.gitignore' }]);
    assert.ok(!indexedPaths().some((p) => p.startsWith('services/')), 'newly ignored files leave the index');
    assert.ok(indexedPaths().includes('build/out.ts'), 'no longer ignored files come in');
    assert.ok(!recording.touched().includes('services/orders.py'));
    const reread = recording.touched('readFile').filter((p) => !p.endsWith('.gitignore'));
    assert.deepEqual(reread.sort(), ['build/out.ts', 'generated/types.ts', 'src/local-settings.ts'], 'unchanged files are not read again');
  });

  it('stops at the file limit during the walk, with a note, and evicts the least recently used on later edits', async () => {
    const notes: string[] = [];
    const logger = { trace() {}, debug() {}, info: (m: string) => notes.push(m), warn() {}, error() {} };
    await (await open({ maxFiles: 5, logger })).start();
    const stats = index.stats();
    assert.equal(stats.files, 5);
    assert.equal(stats.truncated, true);
    assert.ok(notes.some((n) => /memory limit reached/.test(n)), notes.join('\n'));
    const before = indexedPaths();
    const oldest = [...index.knownFiles()][0]!;
    await fs.writeFile(path.join(root, 'src/edited.ts'), 'export function justEdited() {}\n');
    await index.applyChanges([{ kind: 'created', path: 'src/edited.ts' }]);
    assert.equal(index.stats().files, 5);
    assert.equal(index.stats().evicted, 1);
    assert.ok(index.knownFiles().has('src/edited.ts'));
    assert.ok(!index.knownFiles().has(oldest), `${oldest} (least recently used) was evicted`);
    assert.equal(indexedPaths().filter((p) => !before.includes(p)).length, 1);
  });

  it('keeps total bytes under the byte limit', async () => {
    const limit = 1_000;
    await writeTree(root, { 'src/medium.ts': sourceOfSize(900, 'medium') });
    await (await open({ maxTotalBytes: limit })).start();
    assert.ok(index.stats().bytes <= limit, `${index.stats().bytes} bytes`);
    assert.equal(index.stats().truncated, true);
  });

  it('rescans: unchanged files are kept without reading, vanished ones are dropped', async () => {
    await (await open()).start();
    await fs.rm(path.join(root, 'services'), { recursive: true });
    recording.reset();
    await index.rescan();
    assert.deepEqual(recording.touched('readFile').filter((p) => !p.endsWith('.gitignore')), []);
    assert.deepEqual(indexedPaths(), INDEXED.filter((p) => !p.startsWith('services/')));
  });

  it('resolves ready and stops working when disposed mid-build', async () => {
    await open();
    const ready = index.start();
    index.dispose();
    await ready;
    assert.equal(index.stats().files, 0);
  });
});
