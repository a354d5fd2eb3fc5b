/**
 * The lifecycle every e2e suite through the VS Code UI shares, registered inside its `describe`:
 * the real stack (server + fake upstream), a temp workspace (prepared by the suite), code-server
 * with the extension from the repo, optionally signed in through the UI; on a failed test a
 * screenshot and the server log's tail; everything stopped at the end.
 */
import type { Stack } from './stack';
import { REPO_ROOT, startStack } from './stack';
import { makeWorkspace, screenshot, signInThroughUI } from './vscode-ui';
import { launchVSCode, type VSCodeSession } from '../vscode-host/launch.mjs';

export interface E2eSession {
  stack(): Stack;
  vscode(): VSCodeSession;
  workspaceDir(): string;
}

export function useE2eSession(name: string, options: { signIn?: boolean; prepare?: (workspaceDir: string) => void } = {}): E2eSession {
  let stack: Stack | undefined;
  let vscode: VSCodeSession | undefined;
  let workspace: ReturnType<typeof makeWorkspace> | undefined;

  before(async function () {
    try {
      stack = await startStack();
      workspace = makeWorkspace();
      options.prepare?.(workspace.dir);
      vscode = await launchVSCode({ extension: REPO_ROOT, workspace: workspace.dir, settings: { 'churnistic.serverUrl': stack.serverUrl } });
      if (options.signIn) await signInThroughUI(vscode.page, stack.token);
    } catch (e) {
      await screenshot(vscode?.page, `${name}-startup`);
      throw e;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await screenshot(vscode?.page, `${name}-${this.currentTest.title}`);
      if (stack) console.log(`--- server log (tail) ---\n${stack.serverLog().slice(-3000)}`);
    }
  });

  after(async function () {
    await vscode?.close();
    await stack?.stop();
    workspace?.remove();
  });

  return { stack: () => stack!, vscode: () => vscode!, workspaceDir: () => workspace!.dir };
}
