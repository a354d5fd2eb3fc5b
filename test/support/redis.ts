// A real redis-server for tests: its own process on a free port, a temp dir, no persistence;
// stopped by its PID. .ci/run installs redis-server with apt; a machine without it fails the
// test with a message saying so (a skipped acceptance test would hide the missing piece).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  readonly pid: number;
  /** Stops the process (SIGTERM, by PID) and waits for it to exit; the port stays reserved for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`): an outage that ends. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test that crashes must not leave redis-servers behind: stop ours, by PID, on the way out.
process.once('exit', () => { for (const p of running) if (p.pid) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } });

export function redisServerPath(): string {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('redis-server is not installed; .ci/run installs it (apt-get install -y redis-server). '
      + 'The shared-limits acceptance test needs a real Redis.');
  }
  return 'redis-server';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const proc = spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not become ready:\n${out}`)), 15_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      if (proc.pid && proc.exitCode === null) proc.kill('SIGKILL');
      reject(err);
    };
    const onData = (d: Buffer) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('error', fail);
    proc.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
}

async function stopProcess(proc: ChildProcess | undefined): Promise<void> {
  if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  process.kill(proc.pid, 'SIGTERM');
  await exited;
}

/** Starts redis-server on a free port in a fresh temp dir (retrying if another process took the port). */
export async function startRedis(): Promise<TestRedis> {
  const bin = redisServerPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-redis-'));
  let proc: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; !proc; attempt++) {
    port = await freePort();
    try {
      proc = await launch(bin, port, dir);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() { return proc?.pid ?? 0; },
    stop: async () => { await stopProcess(proc); },
    start: async () => { proc = await launch(bin, port, dir); },
    close: async () => {
      await stopProcess(proc);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}
