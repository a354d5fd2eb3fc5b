// The real Firebase Auth emulator (firebase-tools, installed globally by .ci/run) for tests: its
// own process group on free ports, from a firebase.json generated in a temp dir, stopped by PID.
// It is pure Node and downloads nothing for `--only auth`; CI=true and NO_UPDATE_NOTIFIER keep the
// CLI from fetching its message of the day and update notice. A machine without firebase-tools fails
// the test with a message saying so: a skipped acceptance test would hide the missing piece.
//
// The emulator issues UNSIGNED ID tokens and firebase-admin accepts them by design when
// FIREBASE_AUTH_EMULATOR_HOST is set; Google's signing keys are out of reach here. Tests prove the
// flows, audience/expiry/revocation checks and the linking rules, not signature verification.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis';

export const EMULATOR_PROJECT = 'demo-churnistic';

export interface AuthEmulator {
  /** host:port, for FIREBASE_AUTH_EMULATOR_HOST */
  host: string;
  projectId: string;
  /** Google sign-in with a fake Google ID token (the emulator's non-interactive IdP flow). */
  signInWithGoogle(claims: { sub: string; email: string; name?: string; email_verified?: boolean }): Promise<EmulatorUser>;
  /** GitHub sign-in: GitHub has no ID token, the emulator takes the claims as a JSON access_token. */
  signInWithGitHub(claims: { sub: string; email: string; name?: string; email_verified?: boolean }): Promise<EmulatorUser>;
  /** Email/password account (email not verified). */
  signUpWithPassword(email: string, password: string): Promise<EmulatorUser>;
  /** Revokes every token issued to the user so far (validSince = now). */
  revokeTokens(uid: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmulatorUser { uid: string; idToken: string; email: string }

export function firebaseCliPath(): string {
  const r = spawnSync('firebase', ['--version'], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_UPDATE_NOTIFIER: '1' } });
  if (r.error || r.status !== 0) {
    throw new Error('firebase-tools is not installed (the `firebase` command is missing); .ci/run installs it '
      + '(npm install -g firebase-tools). The Firebase sign-in tests need the real Auth emulator.');
  }
  return 'firebase';
}

export async function startAuthEmulator(projectId = EMULATOR_PROJECT): Promise<AuthEmulator> {
  const bin = firebaseCliPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-fb-emulator-'));
  const [auth, hub, logging] = [await freePort(), await freePort(), await freePort()];
  fs.writeFileSync(path.join(dir, 'firebase.json'), JSON.stringify({
    emulators: {
      auth: { host: '127.0.0.1', port: auth },
      hub: { host: '127.0.0.1', port: hub },
      logging: { host: '127.0.0.1', port: logging },
      ui: { enabled: false },
      singleProjectMode: true,
    },
  }));
  // TMPDIR: the hub's locator file goes there, so parallel runs for the same project do not meet.
  const proc = spawn(bin, ['emulators:start', '--only', 'auth', '--project', projectId], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true', NO_UPDATE_NOTIFIER: '1', TMPDIR: dir, FIREBASE_AUTH_EMULATOR_HOST: '' },
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => { out = (out + d).slice(-20_000); });
  proc.stderr!.on('data', (d: Buffer) => { out = (out + d).slice(-20_000); });
  const onExit = () => killGroup(proc, 'SIGKILL');
  process.once('exit', onExit);
  const host = `127.0.0.1:${auth}`;
  const base = `http://${host}`;
  const stop = async () => {
    process.removeListener('exit', onExit);
    await stopGroup(proc);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(base, proc, () => out);
  } catch (e) {
    await stop();
    throw e;
  }

  const call = async (pathname: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/identitytoolkit.googleapis.com/v1/${pathname}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = await res.json() as Record<string, unknown>;
    if (!res.ok) throw new Error(`emulator ${pathname}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const idp = async (postBody: string): Promise<EmulatorUser> => {
    const r = await call('accounts:signInWithIdp?key=fake-api-key', { postBody, requestUri: 'http://localhost', returnSecureToken: true });
    return { uid: String(r.localId), idToken: String(r.idToken), email: String(r.email) };
  };
  return {
    host, projectId, stop,
    signInWithGoogle: (claims) => idp(new URLSearchParams({
      id_token: JSON.stringify({ email_verified: true, ...claims }), providerId: 'google.com' }).toString()),
    signInWithGitHub: (claims) => idp(new URLSearchParams({
      access_token: JSON.stringify(claims), providerId: 'github.com' }).toString()),
    signUpWithPassword: async (email, password) => {
      const r = await call('accounts:signUp?key=fake-api-key', { email, password, returnSecureToken: true });
      return { uid: String(r.localId), idToken: String(r.idToken), email };
    },
    revokeTokens: async (uid) => {
      // the admin endpoint; the emulator accepts "Bearer owner" as an admin credential
      await call(`projects/${projectId}/accounts:update`, { localId: uid, validSince: String(Math.floor(Date.now() / 1000) + 1) },
        { authorization: 'Bearer owner' });
    },
  };
}

async function waitReady(base: string, proc: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 90_000; // CPU-bound start (it compiles its API schema): slow on a busy machine
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the Auth emulator exited (${proc.exitCode}):\n${out()}`);
    try {
      const res = await fetch(base);
      if (res.ok && ((await res.json()) as { authEmulator?: { ready?: boolean } }).authEmulator?.ready) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Auth emulator did not become ready within 90 s:\n${out()}`);
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid) try { process.kill(-proc.pid, signal); } catch { /* gone */ }
}

/** SIGTERM to the emulator's process group (the CLI and its children), SIGKILL after 5 s. */
async function stopGroup(proc: ChildProcess): Promise<void> {
  if (!proc.pid || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  killGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
