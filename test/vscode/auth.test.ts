// Sign in / out against the real Churnistic server; the token lives in SecretStorage, and the
// connection check (GET /healthz, /api/v1/me) is how we observe what got stored.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChurnisticApi } from '../../extension/src/api';
import { activateExtension, env, setServerUrl, useTestServer, waitFor } from './helpers';

describe('auth: sign in and out', () => {
  let api: ChurnisticApi;

  before(async () => {
    api = await activateExtension();
    await useTestServer();
  });

  after(async () => {
    await useTestServer();
  });

  it('signed out: the status bar offers to sign in', async () => {
    await vscode.commands.executeCommand('churnistic.signOut');
    assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'signedOut');
    assert.equal(api.statusBarText(), '$(sign-in) Churnistic: Sign in');
  });

  it('signing in with a valid token stores it: the next check is connected', async () => {
    const user = await vscode.commands.executeCommand<{ name: string } | undefined>('churnistic.signIn', env('CHURNISTIC_TEST_TOKEN'));
    assert.ok(user?.name, 'signIn did not resolve with the user from /api/v1/me');
    assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'connected');
    assert.equal(api.statusBarText(), '$(check) Churnistic');
    assert.equal(api.connection().serverUrl, env('CHURNISTIC_TEST_SERVER_URL'));
  });

  it('a bad token fails with an error and stores nothing (the good token stays)', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('churnistic.signIn', 'chur_not_a_real_token_0000')),
      /rejected this token/,
    );
    assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'connected');
  });

  it('an unreachable server fails sign-in with the URL in the error, and the status bar shows a warning', async () => {
    const dead = 'http://127.0.0.1:9'; // discard port: nothing listens there
    await setServerUrl(dead);
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('churnistic.signIn', env('CHURNISTIC_TEST_TOKEN'))),
        (e: unknown) => e instanceof Error && e.message.includes(`cannot reach ${dead}`),
      );
      assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'unreachable');
      assert.equal(api.statusBarText(), '$(warning) Churnistic');
      assert.equal(api.connection().serverUrl, dead);
    } finally {
      await useTestServer();
    }
    // the settings change alone triggers a re-check
    await waitFor('connected again after restoring the server URL', () => api.connection().state === 'connected');
  });

  it('signing out removes the token', async () => {
    await vscode.commands.executeCommand('churnistic.signOut');
    assert.equal(await vscode.commands.executeCommand('churnistic.checkConnection'), 'signedOut');
  });
});
