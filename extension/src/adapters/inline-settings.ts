// The `churnistic.inline.*` settings, read on every use so a change applies at once.
import * as vscode from 'vscode';

export interface InlineSettings {
  enabled: boolean;
  /** Per language id; `*` is the default for languages not listed. */
  languages: Record<string, boolean>;
  debounceMinMs: number;
  debounceMaxMs: number;
  maxLines: number;
}

const section = () => vscode.workspace.getConfiguration('churnistic.inline');

export function readInlineSettings(): InlineSettings {
  const s = section();
  const min = Math.max(0, s.get<number>('debounceMinMs', 40));
  return {
    enabled: s.get<boolean>('enabled', true),
    languages: s.get<Record<string, boolean>>('languages', { '*': true }),
    debounceMinMs: min,
    debounceMaxMs: Math.max(min, s.get<number>('debounceMaxMs', 250)),
    maxLines: Math.max(1, Math.min(200, s.get<number>('maxLines', 12))),
  };
}

export function enabledFor(settings: InlineSettings, languageId: string): boolean {
  return settings.enabled && (settings.languages[languageId] ?? settings.languages['*'] ?? true);
}

export async function setInlineEnabled(enabled: boolean): Promise<void> {
  await section().update('enabled', enabled, vscode.ConfigurationTarget.Global);
}

export function onInlineSettingsChange(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('churnistic.inline')) listener();
  });
}
