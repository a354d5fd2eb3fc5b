// .gitignore matching: golden cases for each feature of the syntax, then one tree of nested
// .gitignore files checked path by path against git itself (`git ls-files -o -i`), when git exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { GitignoreSet, matchRules, parseGitignore } from '../../../extension/src/core/security/gitignore';
import { makeTempDir, removeDir, writeTree } from '../../fixtures/workspace/fixture-tree';

function ignores(rules: string, path: string, isDir = false): boolean | undefined {
  return matchRules(parseGitignore(rules), path, isDir);
}

describe('security: gitignore rules', () => {
  it('skips comments and blank lines, honours escapes and trailing spaces', () => {
    assert.equal(parseGitignore('# comment\n\n   \n').length, 0);
    assert.equal(ignores('\\#hash.txt', '#hash.txt'), true);
    assert.equal(ignores('\\!bang.txt', '!bang.txt'), true);
    assert.equal(ignores('trailing.txt   ', 'trailing.txt'), true);
    assert.equal(ignores('space\\ ', 'space '), true);
    assert.equal(ignores('\uFEFFbom.txt', 'bom.txt'), true);
    assert.equal(ignores('a.txt\r\nb.txt\r\n', 'b.txt'), true);
  });

  it('matches a slash-less pattern against the base name at any depth', () => {
    assert.equal(ignores('*.log', 'debug.log'), true);
    assert.equal(ignores('*.log', 'a/b/debug.log'), true);
    assert.equal(ignores('*.log', 'a/b/debug.log.txt'), undefined);
    assert.equal(ignores('cache', 'x/cache', true), true);
  });

  it('anchors a pattern with a leading or middle slash to the .gitignore folder', () => {
    assert.equal(ignores('/root.txt', 'root.txt'), true);
    assert.equal(ignores('/root.txt', 'sub/root.txt'), undefined);
    assert.equal(ignores('docs/api.md', 'docs/api.md'), true);
    assert.equal(ignores('docs/api.md', 'x/docs/api.md'), undefined);
    assert.equal(ignores('src/*.ts', 'src/a.ts'), true);
    assert.equal(ignores('src/*.ts', 'src/deep/a.ts'), undefined, '* does not cross /');
  });

  it('applies dir/ patterns to directories only', () => {
    assert.equal(ignores('build/', 'build', true), true);
    assert.equal(ignores('build/', 'build', false), undefined);
    assert.equal(ignores('build/', 'a/build', true), true);
  });

  it('supports ** as leading, trailing and middle segments, and as a plain * elsewhere', () => {
    assert.equal(ignores('**/cache', 'cache', true), true);
    assert.equal(ignores('**/cache', 'a/b/cache', true), true);
    assert.equal(ignores('logs/**', 'logs/a/b.txt'), true);
    assert.equal(ignores('logs/**', 'logs', true), undefined);
    assert.equal(ignores('a/**/z.txt', 'a/z.txt'), true);
    assert.equal(ignores('a/**/z.txt', 'a/b/c/z.txt'), true);
    assert.equal(ignores('a/**/z.txt', 'b/a/z.txt'), undefined);
    assert.equal(ignores('foo**bar', 'fooxbar'), true);
    assert.equal(ignores('foo**bar', 'foo/bar'), undefined);
  });

  it('supports ? and character classes, negated ones included', () => {
    assert.equal(ignores('q?.txt', 'q1.txt'), true);
    assert.equal(ignores('q?.txt', 'q12.txt'), undefined);
    assert.equal(ignores('[abc]-file', 'b-file'), true);
    assert.equal(ignores('[abc]-file', 'd-file'), undefined);
    assert.equal(ignores('[!x]y.md', 'zy.md'), true);
    assert.equal(ignores('[!x]y.md', 'xy.md'), undefined);
    assert.equal(ignores('file[0-9].txt', 'file7.txt'), true);
    assert.equal(ignores('[]]x', ']x'), true, '] first in a class is literal');
    assert.equal(ignores('[a-]y', '-y'), true);
    assert.equal(parseGitignore('unclosed[.txt').length, 0, 'an unclosed class matches nothing, as in git');
    assert.equal(ignores('a.b(c)+d', 'a.b(c)+d'), true, 'regex characters are literal');
    assert.equal(ignores('a.b', 'axb'), undefined);
  });

  it('lets the last matching rule decide, so a negation re-includes', () => {
    assert.equal(ignores('*.log\n!keep.log', 'keep.log'), false);
    assert.equal(ignores('!keep.log\n*.log', 'keep.log'), true);
  });
});

describe('security: GitignoreSet (nested files)', () => {
  it('cannot re-include a file whose folder is excluded', () => {
    const set = new GitignoreSet();
    set.setFile('', 'logs/\n!logs/keep.txt\n');
    assert.equal(set.isIgnored('logs/keep.txt', false), true);
  });

  it('re-includes through the folder itself (logs/* then !logs/important/)', () => {
    const set = new GitignoreSet();
    set.setFile('', 'logs/*\n!logs/important/\n');
    assert.equal(set.isIgnored('logs/important/a.txt', false), false);
    assert.equal(set.isIgnored('logs/other/b.txt', false), true);
  });

  it('lets a deeper .gitignore override a shallower one, also for folders', () => {
    const set = new GitignoreSet();
    set.setFile('', 'foo/\n*.gen.ts\n');
    set.setFile('x', '!foo/\n!*.gen.ts\n');
    assert.equal(set.isIgnored('foo/a.ts', false), true);
    assert.equal(set.isIgnored('x/foo/a.ts', false), false);
    assert.equal(set.isIgnored('y/b.gen.ts', false), true);
    assert.equal(set.isIgnored('x/b.gen.ts', false), false);
  });

  it('anchors nested patterns to their own folder and forgets deleted files', () => {
    const set = new GitignoreSet();
    set.setFile('pkg', '/only-here.ts\n');
    assert.equal(set.isIgnored('pkg/only-here.ts', false), true);
    assert.equal(set.isIgnored('pkg/sub/only-here.ts', false), false);
    assert.equal(set.isIgnored('only-here.ts', false), false);
    set.deleteUnder('pkg');
    assert.equal(set.isIgnored('pkg/only-here.ts', false), false);
  });

  describe('agrees with git on a tree of nested .gitignore files', function () {
    const hasGit = spawnSync('git', ['--version']).status === 0;
    let root: string;

    const tree: Record<string, string> = {
      '.gitignore': [
        '# root rules', '*.log', '!keep.log', '/root-only.txt', 'build/', 'docs/**/*.tmp', '**/cache', 'a/**/z.txt',
        'foo/', '\\#hash.txt', 'trailing.txt   ', '[abc]-file.txt', '[!x]y.md', 'q?.txt', 'logs/*', '!logs/important/', 'local-*',
        'unclosed[.txt', 'zoo**bar', 'file[0-9].txt', '[]]x.txt', '[a-]y.txt',
      ].join('\n'),
      'x/.gitignore': ['!foo/', '*.txt', '!keep.txt', '/only-here.md', 'sub/deep/'].join('\n'),
      'x/y/.gitignore': ['!*.log', 'q1.txt'].join('\n'),
    };
    const files = [
      'debug.log', 'keep.log', 'root-only.txt', 'sub/root-only.txt', 'build/out.js', 'src/build/out.js', 'docs/a.tmp',
      'docs/x/y/b.tmp', 'other/docs/c.tmp', 'cache/c.js', 'deep/er/cache/d.js', 'a/z.txt', 'a/b/c/z.txt', 'b/a/z.txt',
      'foo/f.ts', 'x/foo/f.ts', 'x/a.txt', 'x/keep.txt', 'x/only-here.md', 'x/z/only-here.md', 'x/sub/deep/e.ts',
      'x/sub/deeper/e.ts', 'x/y/debug.log', 'x/y/q1.txt', 'x/y/q2.md', '#hash.txt', 'trailing.txt', 'a-file.txt', 'd-file.txt',
      'zy.md', 'xy.md', 'q1.txt', 'q12.txt', 'logs/important/i.txt', 'logs/other/o.txt', 'logs/l.txt', 'local-notes.md',
      'src/local-config.ts', 'src/main.ts', 'unclosed[.txt', 'zooxbar', 'zoo/bar', 'file7.txt', 'filex.txt', ']x.txt', '-y.txt',
    ];

    before(async function () {
      if (!hasGit) this.skip();
      root = await makeTempDir('churnistic-gitignore-');
      await writeTree(root, { ...tree, ...Object.fromEntries(files.map((f) => [f, 'x\n'])) });
      const init = spawnSync('git', ['init', '-q'], { cwd: root });
      assert.equal(init.status, 0, String(init.stderr));
    });

    after(async () => {
      if (root) await removeDir(root);
    });

    it('ignores exactly the files git ignores', function () {
      if (!hasGit) this.skip();
      const out = spawnSync('git', ['-c', 'core.excludesFile=/dev/null', 'ls-files', '-o', '-i', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const byGit = out.stdout.split('\n').filter(Boolean).map(unquote).sort();
      const set = new GitignoreSet();
      for (const [file, text] of Object.entries(tree)) set.setFile(file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '', text);
      const byUs = files.filter((f) => set.isIgnored(f, false)).sort();
      assert.deepEqual(byUs, byGit);
      assert.ok(byGit.length > 10 && byGit.length < files.length - 5, 'the tree exercises both outcomes');
    });
  });
});

/** git quotes paths with unusual characters ("#hash.txt" stays as is, but be safe). */
function unquote(path: string): string {
  return path.startsWith('"') ? JSON.parse(path) : path;
}
