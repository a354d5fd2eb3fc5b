// Packages the extension into dist/churnistic-<version>.vsix with @vscode/vsce.
// vsce runs `vscode:prepublish` (a production build of the extension and webview) first; only the
// whitelist in .vscodeignore ships, and no dependencies (everything is bundled).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, 'dist', `${name}-${version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: root, stdio: 'inherit',
});
console.log(`vsix: ${path.relative(process.cwd(), out)}`);
