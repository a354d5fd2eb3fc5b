import assert from 'node:assert/strict';
import path from 'node:path';
import { CodeContext } from '../../protocol';
import { MAX_CONTEXT_CHARS, MAX_CONTEXT_LINES, buildCodeContext, displayFileName } from '../../extension/src/core/prompt-context';
import { EXPLAIN_PROMPT, explainLocation, explainPrompt, parseSlashCommand } from '../../extension/src/core/prompts';
import { EXPLAIN_TEMPLATE, renderTemplate, TemplateRegistry } from '../../extension/src/core/templates';
import { validateTokenInput } from '../../extension/src/core/token';
import { webviewHtml } from '../../extension/src/core/webview-html';

const root = path.resolve('/work/ws');
const base = { filePath: path.join(root, 'src', 'a.ts'), isFile: true, workspaceFolders: [root], languageId: 'typescript', startLine: 10 };

describe('extension core: prompt context', () => {
  it('builds a valid CodeContext with a workspace-relative name, language and 0-based start line (editor line 10 → 9)', () => {
    const built = buildCodeContext({ ...base, text: 'const a = 1;\nconst b = 2;' });
    assert.deepEqual(built.context, { fileName: 'src/a.ts', language: 'typescript', code: 'const a = 1;\nconst b = 2;', startLine: 9 });
    assert.equal(built.trimmed, false);
    assert.ok(CodeContext.safeParse(built.context).success);
  });

  it('names files outside the workspace by base name only, untitled documents by their title, multi-root with the folder', () => {
    assert.equal(displayFileName({ filePath: '/home/me/secret/x.py', isFile: true, workspaceFolders: [root] }), 'x.py');
    assert.equal(displayFileName({ filePath: 'Untitled-1', isFile: false, workspaceFolders: [root] }), 'Untitled-1');
    const other = path.resolve('/work/other');
    assert.equal(displayFileName({ filePath: path.join(other, 'lib', 'b.go'), isFile: true, workspaceFolders: [root, other] }), 'other/lib/b.go');
    // a sibling folder whose name starts like the root is not "inside" it
    assert.equal(displayFileName({ filePath: path.resolve('/work/ws2/c.ts'), isFile: true, workspaceFolders: [root] }), 'c.ts');
  });

  it(`keeps at most ${MAX_CONTEXT_LINES} whole lines`, () => {
    const text = Array.from({ length: MAX_CONTEXT_LINES + 50 }, (_, i) => `line ${i}`).join('\n');
    const built = buildCodeContext({ ...base, text });
    assert.equal(built.trimmed, true);
    assert.equal(built.keptLines, MAX_CONTEXT_LINES);
    assert.equal(built.totalLines, MAX_CONTEXT_LINES + 50);
    assert.equal(built.context.code.split('\n').at(-1), `line ${MAX_CONTEXT_LINES - 1}`);
  });

  it(`keeps at most ${MAX_CONTEXT_CHARS} characters, cutting at a line boundary`, () => {
    const line = 'x'.repeat(999);
    const text = Array.from({ length: 100 }, () => line).join('\n'); // 100 lines of 1000 chars with \n
    const built = buildCodeContext({ ...base, text });
    assert.equal(built.keptLines, 40);
    assert.ok(built.context.code.length <= MAX_CONTEXT_CHARS);
    assert.ok(built.context.code.split('\n').every((l) => l === line));
  });

  it('cuts a single enormous line at the character limit', () => {
    const built = buildCodeContext({ ...base, text: 'y'.repeat(MAX_CONTEXT_CHARS * 2) });
    assert.equal(built.trimmed, true);
    assert.equal(built.context.code.length, MAX_CONTEXT_CHARS);
  });
});

describe('extension core: prompts', () => {
  const ctx = { fileName: 'src/a.ts', language: 'typescript', code: 'a\nb\nc', startLine: 4 }; // 0-based: editor lines 5–7

  it('the explain prompt starts with the template and names the file and lines', () => {
    const prompt = explainPrompt([ctx]);
    assert.ok(prompt.startsWith(EXPLAIN_PROMPT));
    assert.match(prompt, /`src\/a\.ts` \(lines 5–7\)/);
    assert.match(explainPrompt([ctx], { trimmed: { keptLines: 3, totalLines: 9 }, note: 'focus on errors' }), /first 3 of 9 lines[\s\S]*focus on errors$/);
  });

  it('the explain prompt keeps its exact wording', () => {
    assert.equal(explainPrompt([ctx]),
      'Explain this code from `src/a.ts` (lines 5–7): what it does, how it works, and anything surprising or risky.');
    assert.equal(explainPrompt([ctx, ctx], { note: 'why?' }),
      'Explain this code: what it does, how it works, and anything surprising or risky.\n\nwhy?');
    assert.match(explainPrompt([{ ...ctx, code: 'a' }]), /`src\/a\.ts` \(line 5\):/);
  });

  it('is the same template the chat\'s /explain renders (one explain prompt)', () => {
    const slash = new TemplateRegistry().parseSlashInput('/explain focus on errors')!;
    assert.equal(slash.template, EXPLAIN_TEMPLATE);
    const rendered = renderTemplate(slash.template, { location: explainLocation([ctx]) }, { input: slash.input });
    assert.deepEqual(rendered, { prompt: explainPrompt([ctx], { note: 'focus on errors' }) });
  });

  it('recognises /explain with and without extra words, and nothing else', () => {
    assert.deepEqual(parseSlashCommand('/explain'), { command: 'explain', rest: '' });
    assert.deepEqual(parseSlashCommand('  /explain  the loop\nplease '), { command: 'explain', rest: 'the loop\nplease' });
    assert.equal(parseSlashCommand('/explained'), undefined);
    assert.equal(parseSlashCommand('please /explain'), undefined);
  });

  it('token input validation catches paste mistakes only', () => {
    assert.equal(validateTokenInput('chur_abc123'), undefined);
    assert.match(validateTokenInput('  ') ?? '', /Paste/);
    assert.match(validateTokenInput('chur abc') ?? '', /spaces/);
  });
});

describe('extension core: webview HTML', () => {
  const html = webviewHtml({
    cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js',
    styleUri: 'https://x.vscode-cdn.net/dist/webview.css', title: 'Chat', nonce: 'abc123',
  });

  it('has a strict CSP: nothing by default, scripts only with the nonce, styles and images from the webview source', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /img-src https:\/\/x\.vscode-cdn\.net data:/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads only the bundled script (with the nonce) and stylesheet; no inline script or style', () => {
    const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123" src="https://x.vscode-cdn.net/dist/webview.js"></script>']);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\.vscode-cdn\.net\/dist\/webview\.css">/);
  });

  it('creates a fresh nonce per page', () => {
    const nonce = (h: string) => /nonce="([^"]+)"/.exec(h)?.[1];
    const input = { cspSource: 's', scriptUri: 'j', styleUri: 'c', title: 't' };
    assert.notEqual(nonce(webviewHtml(input)), nonce(webviewHtml(input)));
  });
});
