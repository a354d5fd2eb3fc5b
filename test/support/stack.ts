/**
 * Starts the real Churnistic stack for tests that drive it from outside: the fake LLM upstream
 * (in this process) and the built server (`node dist/server.js`, a child process) wired to it.
 * The server gets a free port, a fresh data dir and a random admin token, so runs never share
 * state or assume port 8787. `stop()` kills the server by PID and removes the data dir.
 *
 *   const stack = await startStack();
 *   // stack.serverUrl, stack.token, stack.fake.script({ text: 'hi' })
 *   await stack.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeUpstream } from '../fakes/fake-upstream';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist/server.js');

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;

export interface StackOptions {
  /** extra environment for the server (wins over the defaults below) */
  env?: Record<string, string>;
  /** ms to wait for the server's "listening" line (default 30000) */
  startupTimeoutMs?: number;
}

export interface Stack {
  /** e.g. http://127.0.0.1:41234 */
  serverUrl: string;
  /** a valid admin token (CHURNISTIC_ADMIN_TOKEN) */
  token: string;
  fake: FakeUpstream;
  /** the server's data dir (removed by stop()) */
  dataDir: string;
  /** the server's output so far (pino JSON lines), for failure messages */
  serverLog(): string;
  stop(): Promise<void>;
}

const LOG_LIMIT = 200_000; // characters of server output kept for failure messages

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!fs.existsSync(SERVER_JS)) {
    throw new Error(`${SERVER_JS} does not exist; build it first: node esbuild.config.mjs --only server`);
  }
  const fake = await startFakeUpstream();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-test-data-'));
  const token = `chur_test_${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    CHURNISTIC_DATA_DIR: dataDir,
    GROQ_BASE_URL: fake.url,
    GROQ_API_KEY: 'test-key',
    CHURNISTIC_ADMIN_TOKEN: token,
    ...options.env,
  };
  // never let a developer's real provider keys or config leak into a test server
  if (!options.env?.OPENAI_API_KEY) delete env.OPENAI_API_KEY;
  if (!options.env?.OPENAI_BASE_URL) delete env.OPENAI_BASE_URL;
  if (!options.env?.CHURNISTIC_CONFIG) delete env.CHURNISTIC_CONFIG;
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  if (!options.env?.REDIS_URL) delete env.REDIS_URL;

  const child = spawn(process.execPath, [SERVER_JS], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => { log = (log + chunk.toString()).slice(-LOG_LIMIT); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // safety net: a test process that dies without stop() must not leave the server running
  const onExit = () => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    await killChild(child);
    await fake.close().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const serverUrl = await waitForListening(child, () => log, options.startupTimeoutMs ?? 30_000);
    return { serverUrl, token, fake, dataDir, serverLog: () => log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Resolves with the `url` of the server's `"msg":"listening"` log line. */
function waitForListening(child: ChildProcess, log: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`churnistic server ${why}\n--- server output ---\n${log().slice(-4000)}`));
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const url = listeningUrl(line);
        if (url) { cleanup(); resolve(url); return; }
      }
    };
    const onExit = (code: number | null, sig: string | null) => fail(`exited before listening (code ${code}, signal ${sig})`);
    const timer = setTimeout(() => fail(`did not log "listening" within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

function listeningUrl(line: string): string | undefined {
  if (!line.includes('"listening"')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM by PID, SIGKILL after 5 s if the server does not shut down. */
async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try { process.kill(child.pid, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5_000);
  await exited;
  clearTimeout(timer);
}
