// Child processes for `npm run bench:gateway`: every target (fake upstream, Churnistic, Portkey)
// runs in its own process so none shares an event loop with the load generator. Each child is
// tracked by PID and stopped by PID — on success, on error and on Ctrl-C — never by name.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { sleep } from './stats';

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last few KB of stdout + stderr, for error messages. */
  output(): string;
  /** Resolves with the first stdout/stderr match of `pattern` (rejects if the child exits first). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

const KEEP_BYTES = 8 * 1024;

export class Children {
  private readonly children: Child[] = [];

  spawn(name: string, args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Child {
    // process.execPath directly (no npx/npm wrapper), so the PID we hold is the process doing the work.
    const proc = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const listeners = new Set<() => void>();
    const onData = (d: Buffer): void => {
      tail = (tail + d.toString()).slice(-KEEP_BYTES);
      for (const l of listeners) l();
    };
    // Always drain both pipes: a child blocked on a full pipe would look like a slow gateway.
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    const child: Child = {
      name, proc,
      output: () => tail,
      waitFor: (pattern, timeoutMs) => new Promise((resolve, reject) => {
        const done = (): void => { listeners.delete(check); clearTimeout(timer); proc.off('exit', onExit); };
        const check = (): void => {
          const m = pattern.exec(tail);
          if (m) { done(); resolve(m); }
        };
        const onExit = (code: number | null): void => { done(); reject(new Error(`${name} exited (${code}) before it was ready:\n${tail}`)); };
        const timer = setTimeout(() => { done(); reject(new Error(`${name} not ready within ${timeoutMs} ms:\n${tail}`)); }, timeoutMs);
        listeners.add(check);
        proc.once('exit', onExit);
        check();
      }),
    };
    this.children.push(child);
    return child;
  }

  /** SIGTERM each running child by PID, wait for it, SIGKILL what is left after `graceMs`. */
  async stopAll(graceMs = 3000): Promise<void> {
    await Promise.all(this.children.map(async (c) => {
      if (!running(c.proc)) return;
      const exited = new Promise<void>((resolve) => c.proc.once('exit', () => resolve()));
      signal(c.proc, 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
      if (timedOut && running(c.proc)) {
        signal(c.proc, 'SIGKILL');
        await Promise.race([exited, sleep(1000)]);
      }
    }));
  }

  /** Last resort from a synchronous `exit` handler: no waiting possible, so SIGKILL. */
  killAllNow(): void {
    for (const c of this.children) if (running(c.proc)) signal(c.proc, 'SIGKILL');
  }

  /** A child that died mid-run makes every later number meaningless: say which one. */
  assertAlive(): void {
    const dead = this.children.find((c) => !running(c.proc));
    if (dead) throw new Error(`${dead.name} (pid ${dead.proc.pid}) exited with ${dead.proc.exitCode ?? dead.proc.signalCode}:\n${dead.output()}`);
  }
}

// exitCode/signalCode stay null until the child is reaped, so a PID we signal is still ours.
const running = (p: ChildProcess): boolean => p.pid !== undefined && p.exitCode === null && p.signalCode === null;

function signal(p: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(p.pid!, sig);
  } catch {
    // ESRCH: it exited between the check and the signal (e.g. Ctrl-C reached it too)
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere.
 * Tells a gateway that is busy computing from one that is blocked (e.g. on fsync) at the same req/s.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux Node supports

/** A port free on 127.0.0.1 right now, for servers that cannot report the one they got (PORT=0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `url` until `ok(response)`; connection refused just means "not yet", unless `child` died. */
export async function waitForHttp(url: string, timeoutMs: number, child: Child, ok: (res: Response) => boolean = (r) => r.status < 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!running(child.proc)) throw new Error(`${child.name} exited (${child.proc.exitCode ?? child.proc.signalCode}) before it was ready:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (ok(res)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${child.name}: ${url} not ready within ${timeoutMs} ms (${last}):\n${child.output()}`);
}
