// The "Churnistic" output channel (log flavour: levels, timestamps, user-selectable log level).
import * as vscode from 'vscode';

export function createLogger(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Churnistic', { log: true });
}
