// "Generate Commit Message": the staged changes (or, with nothing staged, the working tree's) go to
// the server, and the answer fills the Source Control input box, where the user edits and commits
// as usual. Through the built-in Git extension's API, so it works with any repository VS Code shows.
import * as vscode from 'vscode';
import { CommitMessageResponse, type CommitMessageRequest } from '../../../../protocol';
import { removeSensitiveDiffFiles } from '../../core/context/diff';
import type { Logger } from '../../core/logger';
import { redactSecrets } from '../../core/security/redact';
import { isSensitivePath } from '../../core/security/sensitive-files';
import type { ChurnisticClient } from '../../core/server-client';

/** The part of the Git extension's API (vscode.git, version 1) this uses. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  diff(cached?: boolean): Promise<string>;
  log(options?: { maxEntries?: number }): Promise<{ message: string }[]>;
}
interface GitApi {
  readonly repositories: GitRepository[];
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.getAPI(1);
}

export async function generateCommitMessage(client: ChurnisticClient, logger: Logger, sourceControl?: { rootUri?: vscode.Uri }): Promise<string | undefined> {
  const git = await gitApi();
  const repository = pickRepository(git, sourceControl?.rootUri);
  if (!repository) {
    void vscode.window.showWarningMessage('Churnistic: no git repository is open.');
    return undefined;
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.SourceControl, title: 'Churnistic: writing a commit message…', cancellable: true }, async (_progress, token) => {
    let diff = await repository.diff(true);
    const staged = diff.trim().length > 0;
    if (!staged) diff = await repository.diff(false);
    if (!diff.trim()) {
      void vscode.window.showInformationMessage('Churnistic: there are no changes to describe.');
      return undefined;
    }
    const { diff: safe, removed } = removeSensitiveDiffFiles(diff, isSensitivePath);
    if (removed.length) logger.info(`commit message: left out ${removed.join(', ')} (sensitive files are never sent)`);
    const request: CommitMessageRequest = { diff: redactSecrets(safe).text };
    const subjects = (await repository.log({ maxEntries: 10 }).catch(() => [])).map((c) => c.message.split('\n')[0] ?? '').filter(Boolean);
    if (subjects.length) request.recentSubjects = subjects;
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      const answer = await client.json('/api/v1/commit-message', CommitMessageResponse, { method: 'POST', body: request, signal: controller.signal, timeoutMs: 120_000 });
      repository.inputBox.value = answer.message;
      logger.info(`commit message: written by ${answer.model} from the ${staged ? 'staged' : 'working-tree'} diff`);
      return answer.message;
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      void vscode.window.showErrorMessage(`Churnistic: could not write a commit message: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  });
}

function pickRepository(git: GitApi | undefined, root: vscode.Uri | undefined): GitRepository | undefined {
  if (!git?.repositories.length) return undefined;
  if (root) return git.repositories.find((r) => r.rootUri.toString() === root.toString()) ?? git.repositories[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && git.repositories.find((r) => active.fsPath.startsWith(r.rootUri.fsPath))) || git.repositories[0];
}
