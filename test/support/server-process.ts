/**
 * The server as an operator runs it: `server/src/main.ts` in its own process (through tsx, so no
 * build is needed), ready once it logs its "listening" line; stopped with SIGTERM by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const SERVER_MAIN = path.resolve(__dirname, '../../server/src/main.ts');

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** Everything written to stderr so far (the admin token banner goes there). */
  stderr(): string;
  /** SIGTERM and wait; resolves with the exit code (0 after a clean shutdown). */
  stop(): Promise<number | null>;
}

/** The environment with nothing inherited that could reach real services or change the data. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', CHURNISTIC_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
  for (const k of ['GROQ_API_KEY', 'CHURNISTIC_ADMIN_TOKEN', 'DATABASE_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'REDIS_URL', 'CHURNISTIC_CONFIG']) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

export function startServerProcess(env: NodeJS.ProcessEnv, options: { timeoutMs?: number; settleMs?: number } = {}): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let ready = false;
  proc.stderr!.on('data', (d) => { err += d; });
  const stop = async (): Promise<number | null> => {
    if (proc.exitCode !== null || !proc.pid) return proc.exitCode;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    process.kill(proc.pid, 'SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), options.timeoutMs ?? 30_000);
    proc.stdout!.on('data', (d) => {
      if (ready) return; // keep reading (and dropping) the request log so the pipe never fills
      out += d;
      const m = /"url":"([^"]+)"[^\n]*"msg":"listening"/.exec(out);
      if (!m) return;
      ready = true;
      clearTimeout(timer);
      // what the server prints right after listening (the token banner) has a moment to arrive
      setTimeout(() => resolve({ proc, url: m[1]!, stderr: () => err, stop }), options.settleMs ?? 0);
    });
    proc.on('exit', (code) => { if (!ready) { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}\n${err}`)); } });
  });
}
