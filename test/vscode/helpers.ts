// Shared by the in-host suites (bundled into each). Reads the environment the harness sets and
// talks to the fake upstream's own control API (/__fake/*) — its record of what it received.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';

export const EXTENSION_ID = 'churnistic.churnistic';

export function env(name: 'CHURNISTIC_TEST_SERVER_URL' | 'CHURNISTIC_TEST_TOKEN' | 'CHURNISTIC_TEST_FAKE_URL'): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set in the extension host's environment`);
  return value.replace(/\/+$/, '');
}

export async function activateExtension(): Promise<ChurnisticApi> {
  const ext = vscode.extensions.getExtension<ChurnisticApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  assert.ok(api && typeof api.connection === 'function', 'activate() did not return the Churnistic API');
  return api;
}

/** Points churnistic.serverUrl at the test server (the harness presets it; this makes a manual run work too). */
export async function useTestServer(): Promise<void> {
  await setServerUrl(env('CHURNISTIC_TEST_SERVER_URL'));
}

export async function setServerUrl(url: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('churnistic');
  if (config.get<string>('serverUrl') !== url) await config.update('serverUrl', url, vscode.ConfigurationTarget.Global);
}

export async function signInForTests(): Promise<void> {
  await useTestServer();
  await vscode.commands.executeCommand('churnistic.signIn', env('CHURNISTIC_TEST_TOKEN'));
  assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'connected');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface FakeState {
  requests: unknown[];
  disconnects: number;
}

async function fakeCall(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${env('CHURNISTIC_TEST_FAKE_URL')}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.ok(res.ok, `fake upstream ${path} answered ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export const fake = {
  state: async (): Promise<FakeState> => (await fakeCall('/__fake/state')) as FakeState,
  reset: async (): Promise<void> => { await fakeCall('/__fake/reset', {}); },
  /** Scripts the next upstream answer(s): text, chunks, chunkDelayMs, status, fault… */
  script: async (script: Record<string, unknown> | Record<string, unknown>[]): Promise<void> => { await fakeCall('/__fake/script', script); },
  /** The answer for every request nothing was scripted for (until reset). */
  setDefault: async (script: Record<string, unknown>): Promise<void> => { await fakeCall('/__fake/default', script); },
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Activated and signed in: the starting point of the chat suites. */
export async function signedIn(): Promise<ChurnisticApi> {
  const api = await activateExtension();
  await signInForTests();
  return api;
}

/** Each chat test starts from a new chat and an unscripted fake upstream. */
export async function freshChat(): Promise<void> {
  await fake.reset();
  await vscode.commands.executeCommand('churnistic.newChat');
}
