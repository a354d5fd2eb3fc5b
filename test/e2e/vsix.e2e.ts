/**
 * The packaged extension: builds the .vsix the way a release does (`npm run package`), checks what
 * it ships, installs it into code-server with --install-extension (not as a development folder)
 * and checks that it activates and works: status bar entry, its commands in the palette, sign-in
 * against the real server. CHURNISTIC_VSIX=path skips the build and tests that file instead.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchVSCode, type VSCodeSession } from '../vscode-host/launch.mjs';
import { REPO_ROOT, startStack, type Stack } from '../support/stack';
import { makeWorkspace, screenshot, signInThroughUI, statusBarText, waitFor } from '../support/vscode-ui';

interface Manifest {
  version: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('e2e: the packaged .vsix installs into VS Code (code-server) and activates', function () {
  this.timeout(240_000);
  let vsix = '';
  let stack: Stack | undefined;
  let vscode: VSCodeSession | undefined;
  let workspace: ReturnType<typeof makeWorkspace> | undefined;

  before(function () {
    this.timeout(300_000);
    vsix = process.env.CHURNISTIC_VSIX ? path.resolve(process.env.CHURNISTIC_VSIX) : buildVsix();
    assert.ok(fs.existsSync(vsix), `${vsix} was not produced`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(vscode?.page, `e2e-vsix-${this.currentTest.title}`);
  });

  after(async function () {
    await vscode?.close();
    await stack?.stop();
    workspace?.remove();
  });

  it('ships the extension bundle and no server, dependencies, tests or host', function () {
    const entries = zipEntries(vsix);
    assert.ok(entries.includes('extension/package.json'), 'manifest missing');
    assert.ok(entries.includes('extension/dist/extension.js'), 'extension bundle missing');
    for (const shipped of ['dist/webview.js', 'dist/analyzers.js', 'dist/wasm/tree-sitter.wasm', 'dist/wasm/tree-sitter-python.wasm']) {
      assert.ok(entries.includes(`extension/${shipped}`), `${shipped} missing: the analyzers load it at first use`);
    }
    const forbidden = entries.filter((e) =>
      /(^|\/)node_modules\//.test(e)
      || /^extension\/(server|test|protocol|scripts|webview-ui|extension|\.vscode-host|\.git)\//.test(e)
      || /^extension\/dist\/(server|cli)\.js$/.test(e)
      || /\.(sqlite|db|vsix)$/.test(e));
    assert.deepEqual(forbidden, [], 'files that must not ship in the .vsix');
  });

  it('installs with --install-extension and shows its status bar entry once activated', async function () {
    stack = await startStack();
    workspace = makeWorkspace();
    fs.writeFileSync(path.join(workspace.dir, 'danger.js'), 'const input = process.argv[2];\n');
    vscode = await launchVSCode({
      vsix,
      workspace: workspace.dir,
      settings: { 'churnistic.serverUrl': stack.serverUrl },
    });
    const text = await waitFor('the Churnistic status bar entry', async () => (await statusBarText(vscode!.page)) || undefined, 60_000);
    assert.match(text, /Churnistic/);
  });

  it('lists all its commands in the command palette', async function () {
    const { page } = vscode!;
    // commands the manifest hides from the palette (internal ones, such as the accept callback) are not expected
    const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const expected = manifest.contributes.commands.filter((c) => !hidden.has(c.command))
      .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
    await page.keyboard.press('Escape');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    // one title at a time: the palette renders only the rows in view, so a long list cannot be read at once
    const missing = await waitFor('every Churnistic command in the palette', async () => {
      const notFound: string[] = [];
      for (const title of expected) {
        if (!(await input.isVisible())) await page.keyboard.press('F1');
        await input.waitFor({ timeout: 2_000 });
        await input.fill(`>${title}`);
        const labels = (await rows.allInnerTexts()).map((t) => t.split('\n')[0]!.trim());
        if (!labels.some((l) => l.startsWith(title))) notFound.push(title);
      }
      return notFound.length ? undefined : notFound;
    }, 60_000);
    await page.keyboard.press('Escape');
    assert.deepEqual(missing, []);
  });

  it('signs in through the packaged extension against the real server', async function () {
    const { page } = vscode!;
    await signInThroughUI(page, stack!.token);
    const text = await waitFor('a connected status bar entry', async () => {
      const t = await statusBarText(page);
      return t && !/sign in/i.test(t) ? t : undefined;
    });
    assert.match(text, /Churnistic/);
  });

  it('the packaged analyzers (their own bundle and grammar files) run on save: eval shows in the Problems panel', async function () {
    const { page } = vscode!;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill('danger.js');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'danger.js' }).first().click();
    await page.locator('.monaco-editor[data-uri$="danger.js"] .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('eval(input);\n');
    await page.keyboard.press('Control+S');
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'js/eval' });
    await row.first().waitFor({ timeout: 60_000 });
    assert.match(await row.first().innerText(), /Churnistic/);
  });
});

/**
 * `npm run package` (the project's own packaging) → dist/churnistic-<version>.vsix. Until that
 * script exists, vsce directly, which the whitelist .vscodeignore keeps to the shipped files.
 */
function buildVsix(): string {
  const out = path.join(REPO_ROOT, 'dist', `churnistic-${manifest.version}.vsix`);
  fs.rmSync(out, { force: true }); // never test a stale package from an earlier run
  const own = fs.existsSync(path.join(REPO_ROOT, 'scripts/package.mjs'));
  if (!own && !fs.existsSync(path.join(REPO_ROOT, '.vscodeignore'))) {
    throw new Error('no scripts/package.mjs and no .vscodeignore: packaging would ship the whole repository');
  }
  const [cmd, args] = own
    ? ['npm', ['run', 'package', '--silent']]
    : ['npx', ['vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out]];
  console.log(`    building the .vsix: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`packaging failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`.slice(-4000));
  return out;
}

/** Entry names of the .vsix (a zip), read with python3's zipfile (installed by .ci/run). */
function zipEntries(file: string): string[] {
  const py = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
