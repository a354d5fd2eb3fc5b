#!/usr/bin/env node
// Makes sure the VS Code host used by the in-host and e2e suites is installed, the way
// @vscode/test-electron downloads VS Code on first use: code-server 4.100.3 + playwright-core
// (through install.sh, which records finished steps so a rerun is cheap) in a cache folder,
// plus Debian's chromium, which drives the workbench.
//
//   node test/vscode-host/ensure-host.mjs          # install if needed, print the folder
//   import { ensureHost, hostDir } from './ensure-host.mjs';
//
// Folder: $CHURNISTIC_VSCODE_HOST, default <repo>/.vscode-host (git-ignored, ~312 MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
export const CHROMIUM = '/usr/bin/chromium';
// what install.sh needs to build code-server's native modules; chromium is also needed at run time
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'ripgrep', 'build-essential', 'python3'];
const STEPS = ['npm-packages', 'vscode-deps', 'vscode-links', 'builtin-extensions'];

export function hostDir() {
  return path.resolve(process.env.CHURNISTIC_VSCODE_HOST || path.join(REPO_ROOT, '.vscode-host'));
}

export function codeServerEntry(dir = hostDir()) {
  return path.join(dir, 'node_modules/code-server/out/node/entry.js');
}

/** True when every install.sh step has finished in `dir` and the files it produced are there. */
export function isHostInstalled(dir = hostDir()) {
  return STEPS.every((s) => fs.existsSync(path.join(dir, '.stamps', s)))
    && fs.existsSync(codeServerEntry(dir))
    && fs.existsSync(path.join(dir, 'node_modules/playwright-core/package.json'));
}

function missingAptPackages(packages) {
  return packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs missing apt packages as root; otherwise throws with the exact command to run. */
function ensureAptPackages(packages, log) {
  const missing = missingAptPackages(packages);
  if (!missing.length) return;
  if (!isRoot()) {
    const cmd = `sudo apt-get install -y ${missing.join(' ')}`;
    console.error(cmd);
    throw new Error(`the VS Code host needs Debian packages that are missing (${missing.join(', ')}); run: ${cmd}`);
  }
  log(`ensure-host: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`ensure-host: apt-get ${args[0]} failed with exit code ${r.status}`);
  }
}

/**
 * Installs the host into hostDir() unless it is already there. Returns the folder.
 * @param {{ log?: (msg: string) => void }} [o]
 */
export function ensureHost({ log = (m) => console.error(m) } = {}) {
  const dir = hostDir();
  if (Number(process.versions.node.split('.')[0]) !== 20) {
    throw new Error(`the VS Code host (code-server 4.100.3) needs Node 20, this is ${process.version}`);
  }
  if (isHostInstalled(dir)) {
    // installed earlier (maybe on another machine image): only the browser is needed now
    if (!fs.existsSync(CHROMIUM)) ensureAptPackages(['chromium'], log);
    return dir;
  }
  // a first install also builds native modules, which needs the other packages
  ensureAptPackages(APT_PACKAGES, log);
  log(`ensure-host: installing code-server into ${dir} (first run; about a minute)`);
  const r = spawnSync('bash', [path.join(HERE, 'install.sh'), dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !isHostInstalled(dir)) {
    throw new Error(`ensure-host: install.sh failed (exit ${r.status}); see its output above, then rerun`);
  }
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureHost());
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
