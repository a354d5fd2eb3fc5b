import assert from 'node:assert/strict';
import { CodeContext } from '../../../protocol';
import { diffContext, removeSensitiveDiffFiles, splitDiff } from '../../../extension/src/core/context/diff';
import { fileContext, languageOfPath, problemsContext, selectionContext, workspaceContext, type Diagnostic } from '../../../extension/src/core/context/formatters';
import { isSensitivePath } from '../../../extension/src/core/security/sensitive-files';

const groq = 'gsk_' + 'abcDEF1234567890ghiJKL1234567890mnoPQR';

describe('chat context: formatters', () => {
  it('selection and file contexts carry their kind, redact secrets and count them', () => {
    const sel = selectionContext({ fileName: 'src/a.ts', language: 'typescript', code: `const k = "${groq}";\nuse(k);`, startLine: 4 });
    assert.deepEqual(sel, { fileName: 'src/a.ts', language: 'typescript', code: 'const k = "[REDACTED:groq-key]";\nuse(k);', kind: 'selection', startLine: 4, redactions: 1 });
    const file = fileContext({ fileName: 'src/b.ts', language: 'typescript', code: 'export const x = 1;' });
    assert.deepEqual(file, { fileName: 'src/b.ts', language: 'typescript', code: 'export const x = 1;', kind: 'file' });
    assert.ok(CodeContext.safeParse(sel).success && CodeContext.safeParse(file).success);
  });

  it('a .env file attached whole has every value redacted', () => {
    const env = fileContext({ fileName: '.env.local', language: 'dotenv', code: 'A=1\nB=two' });
    assert.equal(env.code, 'A=[REDACTED:env-value]\nB=[REDACTED:env-value]');
    assert.equal(env.redactions, 2);
  });

  const diag = (file: string, line: number, severity: Diagnostic['severity'], message: string, extra: Partial<Diagnostic> = {}): Diagnostic =>
    ({ file, line, column: 1, severity, message, ...extra });

  it('problems are grouped by file, errors first, with source and code', () => {
    const c = problemsContext([
      diag('src/b.ts', 3, 'warning', "'x' is unused", { source: 'eslint', code: 'no-unused-vars' }),
      diag('src/a.ts', 9, 'warning', 'deprecated'),
      diag('src/b.ts', 7, 'error', "Type 'string' is not\n  assignable to 'number'", { source: 'ts', code: '2322' }),
    ]);
    assert.equal(c.kind, 'problems');
    assert.equal(c.code, [
      'src/b.ts',
      "  7:1 error ts(2322): Type 'string' is not assignable to 'number'",
      "  3:1 warning eslint(no-unused-vars): 'x' is unused",
      'src/a.ts',
      '  9:1 warning: deprecated',
    ].join('\n'));
  });

  it('problems past the cap are summarised as "and N more"', () => {
    const many = Array.from({ length: 7 }, (_, i) => diag('a.ts', i + 1, i < 2 ? 'error' : 'warning', `m${i}`));
    const c = problemsContext(many, { maxItems: 3 });
    assert.equal(c.code.split('\n').filter((l) => l.startsWith('  ')).length, 3);
    assert.match(c.code, /… and 4 more \(4 warnings\)$/);
    assert.equal(problemsContext([]).code, 'No problems reported.');
  });

  it('problem messages are redacted too', () => {
    const c = problemsContext([diag('a.ts', 1, 'error', `bad token ${groq}`)]);
    assert.equal(c.redactions, 1);
    assert.doesNotMatch(c.code, /gsk_/);
  });

  it('workspace snippets: best first, sensitive paths skipped, 0-based start lines kept', () => {
    const snippets = [
      { path: 'src/low.ts', startLine: 0, endLine: 20, text: 'low()', score: 0.2 },
      { path: '.env', startLine: 0, endLine: 2, text: 'A=1', score: 0.9 },
      { path: 'lib/high.py', startLine: 10, endLine: 30, text: 'def high(): pass', score: 0.8 },
    ];
    const out = workspaceContext(snippets, { limit: 5 });
    assert.deepEqual(out.map((c) => [c.fileName, c.language, c.startLine, c.kind]), [['lib/high.py', 'python', 10, 'workspace'], ['src/low.ts', 'typescript', 0, 'workspace']]);
    assert.equal(workspaceContext(snippets, { limit: 1 }).length, 1);
    assert.equal(languageOfPath('x/Makefile'), 'plaintext');
  });
});

const DIFF = [
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -1,3 +1,3 @@',
  ' import x from "x";',
  '-const key = process.env.KEY;',
  `+const key = "${groq}";`,
  'diff --git a/.env b/.env',
  'index 3333333..4444444 100644',
  '--- a/.env',
  '+++ b/.env',
  '@@ -1 +1 @@',
  '-TOKEN=old-value',
  '+TOKEN=new-value',
  'diff --git a/media/logo.png b/media/logo.png',
  'index 5555555..6666666 100644',
  'Binary files a/media/logo.png and b/media/logo.png differ',
  'diff --git a/docs/old.md b/config/secrets.yaml',
  'similarity 90%',
  'rename from docs/old.md',
  'rename to config/secrets.yaml',
  '',
].join('\n');

describe('chat context: diffs', () => {
  it('splits a git diff into per-file sections with their paths', () => {
    assert.deepEqual(splitDiff(DIFF).map((s) => [s.path, s.binary]), [
      ['src/app.ts', false], ['.env', false], ['media/logo.png', true], ['config/secrets.yaml', false]]);
  });

  it('removes whole sections of sensitive files (either side of a rename)', () => {
    const { diff, removed } = removeSensitiveDiffFiles(DIFF, isSensitivePath);
    assert.deepEqual(removed, ['.env', 'config/secrets.yaml']);
    assert.doesNotMatch(diff, /TOKEN=|secrets\.yaml/);
    assert.match(diff, /^diff --git a\/src\/app\.ts/);
  });

  it('makes a diff attachment: binary patches left out, secrets redacted', () => {
    const c = diffContext(removeSensitiveDiffFiles(DIFF, isSensitivePath).diff)!;
    assert.equal(c.kind, 'diff');
    assert.equal(c.language, 'diff');
    assert.equal(c.fileName, 'git diff');
    assert.match(c.code, /\+const key = "\[REDACTED:groq-key\]";/);
    assert.match(c.code, /diff --git a\/media\/logo\.png b\/media\/logo\.png\n\(binary file media\/logo\.png changed; content left out\)/);
    assert.doesNotMatch(c.code, /Binary files|index 5555555/);
    assert.equal(c.redactions, 1);
  });

  it('plain `diff -u` output and an empty diff', () => {
    const plain = '--- a.txt\t2024-01-01\n+++ b.txt\t2024-01-02\n@@ -1 +1 @@\n-a\n+b\n';
    assert.deepEqual(splitDiff(plain).map((s) => s.path), ['b.txt']);
    assert.equal(diffContext('  \n'), undefined);
  });

  it('redacts secrets on removed and added diff lines alike', () => {
    const c = diffContext(`--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-${groq}\n+password = "hunter2"\n`)!;
    assert.equal(c.redactions, 2);
    assert.match(c.code, /^-\[REDACTED:groq-key\]$/m);
    assert.match(c.code, /^\+password = "\[REDACTED:password\]"$/m);
  });
});
