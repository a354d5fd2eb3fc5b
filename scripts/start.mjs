// `npm start`: build everything, package the .vsix, start the server on the embedded defaults
// (SQLite in the data dir, in-memory limits), then tell the user how to connect an editor.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

run('esbuild.config.mjs', ['--only', 'server,pages']);
run('scripts/package.mjs', []);
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join('dist', `${name}-${version}.vsix`);

const server = spawn(process.execPath, ['dist/server.js'], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
let buffered = '';
let announced = false;
server.stderr.pipe(process.stderr);
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (announced) return;
  buffered += chunk;
  const url = /"url":"([^"]+)"[^\n]*"msg":"listening"/.exec(buffered)?.[1];
  if (!url) return;
  announced = true;
  // after the server's own banner (which holds the admin token on first start)
  setTimeout(() => process.stderr.write(instructions(url)), 100);
});
server.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));

function instructions(url) {
  const keyHint = process.env.GROQ_API_KEY ? '' : [
    '',
    '  No GROQ_API_KEY is set: chat answers 503 until you set it and restart.',
    '  To try it without a key: `npm run fake-llm` in another terminal, then',
    '  GROQ_BASE_URL=<the URL it prints> GROQ_API_KEY=demo npm start',
  ].join('\n');
  return [
    '',
    `  Churnistic server: ${url}   (health: ${url}/healthz)`,
    `  Extension package: ${vsix}`,
    `    VS Code: code --install-extension ${vsix}`,
    `    Cursor:  cursor --install-extension ${vsix}   (or drag the .vsix onto the Extensions view)`,
    `  Create the first account and team at ${url}/setup (team members are invited from ${url}/account).`,
    `  Then set "churnistic.serverUrl" to ${url} if it differs, and run "Churnistic: Sign In".`,
    '  The admin token is printed once, on the first start; later: node dist/cli.js token create',
    keyHint,
    '',
  ].join('\n');
}
