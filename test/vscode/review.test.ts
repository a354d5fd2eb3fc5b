// Reviews in the real extension host against the real server and the fake upstream (scripted to
// answer with findings JSON): diagnostics on the right lines, the quick fix applies the suggested
// change, the analyzers run on save (loaded from dist/analyzers.js with their grammars), and
// Generate Commit Message fills the Source Control input box.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { fake, signedIn, waitFor } from './helpers';
import { OFF_BY_ONE_FIXED_LINE, OFF_BY_ONE_QUOTE, OFF_BY_ONE_SOURCE } from '../support/review-fixture';

const SOURCE = OFF_BY_ONE_SOURCE;

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the in-host tests run with a workspace folder');
  return f.uri;
}

async function writeAndOpen(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(folder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

const churnistic = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Churnistic');

describe('review commands', () => {
  before(async () => { await signedIn(); });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('Review File puts the model\'s finding on the right line, and its quick fix changes the file as suggested', async () => {
    await fake.reset();
    const doc = await writeAndOpen('review_total.ts', SOURCE);
    await fake.script({ text: JSON.stringify({ findings: [{
      file: 'review_total.ts', startLine: 2, endLine: 2, // miscounted on purpose: the quote says line 3
      severity: 'high', category: 'bug', title: 'Off-by-one: the loop reads past the end of the array',
      message: 'The condition `i <= items.length` visits `items[items.length]`, which is undefined.',
      quote: OFF_BY_ONE_QUOTE,
      // the fix is miscounted the same way, and moves with the finding
      fix: { description: 'Use < instead of <=', startLine: 2, endLine: 2, replacement: OFF_BY_ONE_FIXED_LINE },
    }] }) });

    await vscode.commands.executeCommand('churnistic.reviewFile');

    const diagnostics = await waitFor('a Churnistic diagnostic', () => { const d = churnistic(doc.uri); return d.length ? d : undefined; });
    const finding = diagnostics.find((d) => /Off-by-one/.test(d.message));
    assert.ok(finding, diagnostics.map((d) => d.message).join(' | '));
    assert.equal(finding.range.start.line, 2, 'the finding sits on line 3 (0-based 2), where the quoted code is');
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typeof finding.code === 'object' ? finding.code.value : finding.code, 'llm/bug');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, finding.range);
    const fix = actions.find((a) => a.title === 'Churnistic: Use < instead of <=');
    assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), SOURCE.replace('i <= items.length', 'i < items.length'));
  });

  it('the analyzers run on save: eval of user input is flagged without any server call', async () => {
    await fake.reset();
    const doc = await writeAndOpen('analyze_me.js', 'const input = process.argv[2];\nconst ok = 1;\n');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), 'eval(input);\n'));
    await doc.save();
    const diagnostics = await waitFor('the analyzer finding', () => {
      const d = churnistic(doc.uri).filter((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'js/eval');
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0]!.range.start.line, 2);
    assert.equal((await fake.state()).requests.length, 0, 'the analyzers never call the model');
  });

  it('each function shows its complexity and length as a CodeLens', async () => {
    const doc = await writeAndOpen('metrics_m1.ts', [
      'export function classify(n: number): string {',
      '  if (n < 0) return "negative";',
      '  if (n === 0 || Number.isNaN(n)) return "zero or NaN";',
      '  return n > 100 ? "big" : "small";',
      '}',
      '',
    ].join('\n'));
    const lenses = await waitFor('the CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l.some((x) => x.command?.title.startsWith('complexity')) ? l : undefined;
    });
    const lens = lenses.find((x) => x.command?.title.startsWith('complexity'))!;
    // 1 + two ifs + || + ?: = 5 decision points counted by hand
    assert.equal(lens.command?.title, 'complexity 5 · 5 lines');
    assert.equal(lens.range.start.line, 0);
  });

  it('Generate Documentation proposes the model\'s doc comments as one edit (applied directly with the preview turned off)', async () => {
    await fake.reset();
    const doc = await writeAndOpen('docs_d1.ts', 'export function area(r: number): number {\n  return Math.PI * r * r;\n}\n');
    await fake.script({ text: JSON.stringify({ findings: [{
      file: 'docs_d1.ts', startLine: 1, endLine: 1, severity: 'info', category: 'docs', title: 'area has no doc comment', message: 'Say what it returns.',
      quote: 'export function area(r: number): number {',
      fix: { description: 'Add a doc comment', startLine: 1, endLine: 1, replacement: '/** The area of a circle of radius `r`. */\nexport function area(r: number): number {' },
    }] }) });
    // the refactor preview is VS Code's own UI; with it on, nothing changes until the user accepts there
    const config = vscode.workspace.getConfiguration('churnistic.docs');
    await config.update('preview', false, vscode.ConfigurationTarget.Global);
    try {
      const outcome = await vscode.commands.executeCommand<{ proposed: number; applied: boolean }>('churnistic.generateDocs');
      assert.deepEqual(outcome, { proposed: 1, applied: true });
    } finally {
      await config.update('preview', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(doc.getText(), '/** The area of a circle of radius `r`. */\nexport function area(r: number): number {\n  return Math.PI * r * r;\n}\n');
  });

  it('Scan Workspace for Vulnerabilities flags files that are not open', async () => {
    await fake.reset();
    await fake.setDefault({ text: JSON.stringify({ findings: [] }) });
    const uri = vscode.Uri.joinPath(folder(), 'closed_s1.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('import hashlib\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n'));
    await vscode.commands.executeCommand('churnistic.scanWorkspace');
    const diagnostics = await waitFor('the weak-hash finding', () => {
      const d = churnistic(uri).filter((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'py/weak-hash');
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0]!.range.start.line, 3);
    await fake.reset(); // the default answer goes too
  });

  it('Generate Commit Message fills the Source Control input box from the staged diff', async () => {
    const root = folder().fsPath;
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-q', '--allow-empty', '-m', 'Start');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'greeting_c1.txt'), new TextEncoder().encode('hello commit c1\n'));
    git('add', 'greeting_c1.txt');
    const api = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: { inputBox: { value: string } }[]; openRepository(u: vscode.Uri): Promise<unknown> } }>('vscode.git');
    assert.ok(api, 'the built-in git extension is present');
    const gitApi = (api.isActive ? api.exports : await api.activate()).getAPI(1);
    await gitApi.openRepository(folder());
    await waitFor('git to see the repository', () => gitApi.repositories.length > 0, 20_000);

    await fake.reset();
    await fake.script({ text: JSON.stringify({ subject: 'Add a greeting file', body: 'It says hello.' }) });
    await vscode.commands.executeCommand('churnistic.generateCommitMessage');
    assert.equal(gitApi.repositories[0]!.inputBox.value, 'Add a greeting file\n\nIt says hello.');
    const sent = JSON.stringify((await fake.state()).requests.at(-1));
    assert.ok(sent.includes('hello commit c1'), 'the staged diff reached the model');
  });
});
