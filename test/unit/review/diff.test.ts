import assert from 'node:assert/strict';
import { diffForLines, parseUnifiedDiff, splitFileDiff, touchesChangedLines } from '../../../extension/src/core/review/chunk';

const DIFF = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,5 +1,5 @@
 import x from 'x';
-const a = 1;
+const a = 2;
+const b = 3;
 function f() {
--- not a header, a removed line starting with dashes
 }
@@ -40,3 +41,2 @@ function g() {
 keep();
-drop();
 keep();
diff --git a/new.py b/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.py
@@ -0,0 +1,2 @@
+print(1)
+print(2)
diff --git a/gone.js b/gone.js
deleted file mode 100644
--- a/gone.js
+++ /dev/null
@@ -1 +0,0 @@
-x()
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
diff --git "a/dir/t\\303\\251st file.ts" "b/dir/t\\303\\251st file.ts"
--- "a/dir/t\\303\\251st file.ts"
+++ "b/dir/t\\303\\251st file.ts"
@@ -3,0 +4 @@ x
+added();
`;

describe('review: unified diff parsing', () => {
  const files = parseUnifiedDiff(DIFF);

  it('lists every file with its status and paths (quoted, non-ASCII names decoded)', () => {
    assert.deepEqual(files.map((f) => [f.oldPath, f.path, f.status, f.binary]), [
      ['src/app.ts', 'src/app.ts', 'modified', false],
      [null, 'new.py', 'added', false],
      ['gone.js', null, 'deleted', false],
      ['img.png', 'img.png', 'modified', true],
      ['dir/tést file.ts', 'dir/tést file.ts', 'modified', false],
    ]);
  });

  it('changed lines on the new side: additions, and the line after a removal', () => {
    // line 2-3 added; the `--- ` removal sits before new line 5 (`}`); hunk 2: removal before new line 42
    assert.deepEqual(files[0]!.changed, [{ start: 2, end: 3 }, { start: 5, end: 5 }, { start: 42, end: 42 }]);
    assert.deepEqual(files[1]!.changed, [{ start: 1, end: 2 }]);
    assert.deepEqual(files[4]!.changed, [{ start: 4, end: 4 }]);
    assert.equal(files[0]!.hunks.length, 2);
  });

  it('touchesChangedLines honours the slack', () => {
    assert.ok(touchesChangedLines(files[0]!, { startLine: 8, endLine: 8 }, 3));
    assert.ok(!touchesChangedLines(files[0]!, { startLine: 9, endLine: 9 }, 3));
    assert.ok(!touchesChangedLines(files[0]!, { startLine: 20, endLine: 30 }, 3));
    assert.ok(touchesChangedLines(files[0]!, { startLine: 20, endLine: 40 }, 3));
  });

  it('a big file diff splits between hunks, each piece with the header; diffForLines picks the hunks of a range', () => {
    const pieces = splitFileDiff(files[0]!, files[0]!.header.length + 200);
    assert.equal(pieces.length, 2);
    for (const p of pieces) assert.ok(p.startsWith('diff --git a/src/app.ts'));
    assert.match(pieces[1]!, /^@@ -40,3/m);
    const near = diffForLines(files[0]!, 30, 50, 10_000);
    assert.ok(near.includes('@@ -40,3') && !near.includes('@@ -1,5'));
    assert.equal(diffForLines(files[0]!, 10, 20, 10_000), '');
  });

  it('plain unified diffs without git headers, and CRLF', () => {
    const plain = parseUnifiedDiff('--- a.c\r\n+++ a.c\r\n@@ -1 +1 @@\r\n-x\r\n+y\r\n--- b.c\n+++ b.c\n@@ -2 +2,2 @@\n z\n+w\n');
    assert.deepEqual(plain.map((f) => [f.path, f.changed]), [['a.c', [{ start: 1, end: 1 }]], ['b.c', [{ start: 3, end: 3 }]]]);
  });
});
