// Starts code-server (real VS Code server + extension host) with fresh temp dirs and opens
// the workbench in headless Debian chromium through playwright-core.
// Adapted from the verified recipe in ../shared/vscode-host (the project does not use that copy):
// `host` defaults to ensure-host's folder, `env` reaches the extension host, `log()` returns the
// code-server output for failure messages.
//
//   const vscode = await launchVSCode({ extension, workspace, env: { FOO: '1' } });
//   await vscode.page.keyboard.type('...');
//   await vscode.close();
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { hostDir } from './ensure-host.mjs';

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'remote.autoForwardPorts': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
};
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * @param {object} o
 * @param {string} [o.host]      install dir created by install.sh (default: ensure-host's hostDir())
 * @param {string} [o.extension] extension folder to load as extensionDevelopmentPath
 * @param {string|string[]} [o.vsix] packaged extension(s) to install first
 * @param {string} [o.workspace] folder to open (default: an empty temp folder)
 * @param {object} [o.settings]  user settings, merged over DEFAULT_SETTINGS
 * @param {string} [o.tests]     extensionTestsPath (module exporting run()); see run-extension-tests.mjs
 * @param {object} [o.bindings]  functions exposed on window before navigation (page.exposeFunction)
 * @param {object} [o.env]       extra environment for code-server, inherited by the extension host
 * @param {number} [o.startupTimeout] ms to wait for the server (default 60000)
 * @returns {Promise<{page, context, url, port, log: () => string, close: () => Promise<void>}>}
 */
export async function launchVSCode({ host = hostDir(), extension, vsix = [], workspace, settings = {}, tests,
  bindings = {}, env: extraEnv = {}, startupTimeout = 60_000 }) {
  const entry = path.resolve(host, 'node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(entry)) throw new Error(`no code-server in ${host}; run install.sh first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  const dir = (name) => { const p = path.join(tmp, name); fs.mkdirSync(p); return p; };
  const userData = dir('user-data');
  fs.writeFileSync(path.join(dir('user-data/User'), 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  workspace = path.resolve(workspace ?? dir('workspace'));
  // everything code-server and chromium write outside their data dirs (default config, logs,
  // caches, crash reports, IPC sockets, temp files) goes under tmp too, not into $HOME or /tmp
  const env = { ...process.env, ...extraEnv, XDG_CONFIG_HOME: dir('config'), XDG_DATA_HOME: dir('data'),
    XDG_CACHE_HOME: dir('cache'), XDG_RUNTIME_DIR: dir('runtime'), TMPDIR: dir('tmp') };
  const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', userData,
    '--extensions-dir', dir('extensions'), '--disable-telemetry', '--disable-update-check'];

  let server, context;
  let log = '';
  const cleanupOnExit = () => { // safety net if the caller exits without close()
    if (server) killTree(server.pid, 'SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('exit', cleanupOnExit);
  const close = async () => {
    process.removeListener('exit', cleanupOnExit);
    await context?.close().catch(() => {});
    if (server) await stopTree(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    for (const file of [vsix].flat()) {
      await promisify(execFile)(process.execPath, [entry, ...common, '--install-extension', path.resolve(file)], { env });
    }
    const port = await freePort();
    server = spawn(process.execPath, [entry, ...common, '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none', '--disable-workspace-trust', workspace], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d) => { log = (log + d).slice(-65_536); }; // the tail is what failure messages need
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    await waitForHealthy(server, port, startupTimeout).catch((e) => {
      throw new Error(`${e.message}\n--- code-server output ---\n${log.slice(-4000)}`);
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(path.resolve(p)).pathname}`;
    const payload = [];
    if (extension) payload.push(['extensionDevelopmentPath', remote(extension)]);
    if (tests) payload.push(['extensionTestsPath', remote(tests)]);
    const query = new URLSearchParams({ folder: workspace });
    if (payload.length) query.set('payload', JSON.stringify(payload));
    const url = `http://127.0.0.1:${port}/?${query}`;

    const { chromium } = createRequire(path.resolve(host, 'node_modules/'))('playwright-core');
    context = await chromium.launchPersistentContext(dir('browser'), {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env,
      viewport: { width: 1440, height: 900 },
    });
    const page = context.pages()[0] ?? await context.newPage();
    for (const [name, fn] of Object.entries(bindings)) await page.exposeFunction(name, fn);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: startupTimeout });
    return { page, context, url, port, log: () => log, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs a command through the command palette (F1), like a user would. */
export async function runCommand(page, title, timeout = 30_000) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  const appears = (locator, ms) => locator.waitFor({ timeout: ms }).then(() => true, () => false);
  // Retry: F1 is ignored until the workbench has registered its keybindings, and the palette
  // lists only commands known when it opened (extension commands come once the extension host is up).
  for (const deadline = Date.now() + timeout; Date.now() < deadline;) {
    if (!(await input.isVisible())) await page.keyboard.press('F1');
    if (!(await appears(input, 1000))) continue;
    await input.fill(`>${title}`);
    if (await appears(row, 2000)) return row.click(); // click: an Enter while it still filters gets lost
    await page.keyboard.press('Escape');
  }
  throw new Error(`command ${JSON.stringify(title)} not found in the command palette within ${timeout} ms`);
}

/** Resolves with the first frame (webviews are nested iframes) whose body text contains `text`. */
export async function waitForFrameWithText(page, text, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (body.includes(text)) return frame;
    }
    await sleep(250);
  }
  throw new Error(`no frame showed ${JSON.stringify(text)} within ${timeout} ms`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForHealthy(proc, port, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`code-server exited early with code ${proc.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
    await sleep(250);
  }
  throw new Error(`code-server did not answer on port ${port} within ${timeout} ms`);
}

// /proc/PID/stat fields after the command name: [state, ppid, ...], or null if gone
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch { return null; }
}

// pid plus all its descendants (collect before killing, while the tree is intact)
function processTree(pid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const ppid = Number(procStat(name)?.[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

function signal(pids, sig) {
  for (const p of pids) { try { process.kill(p, sig); } catch { /* already gone */ } }
}

function killTree(pid, sig) {
  signal(processTree(pid), sig);
}

// SIGTERM the server's process tree, SIGKILL whatever is still alive after 5 s.
async function stopTree(proc) {
  const pids = processTree(proc.pid);
  const alive = () => pids.filter((p) => (procStat(p)?.[0] ?? 'Z') !== 'Z');
  signal(pids, 'SIGTERM');
  for (let i = 0; i < 50 && alive().length; i++) await sleep(100);
  signal(alive(), 'SIGKILL');
}
