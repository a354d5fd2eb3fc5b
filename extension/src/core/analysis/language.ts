// Which analyzers a file gets: by VS Code language id when given, else by extension. Huge and
// minified files are skipped (bundles and generated code: slow to parse, findings unactionable).
import type { AnalysisLanguage, SkipReason } from './types';

const BY_EXTENSION: Record<string, AnalysisLanguage> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  py: 'python', pyw: 'python',
};

const BY_LANGUAGE_ID: Record<string, AnalysisLanguage> = {
  javascript: 'javascript', javascriptreact: 'javascript', typescript: 'typescript', typescriptreact: 'typescript', python: 'python',
};

const extensionOf = (path: string) => {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
};

export function languageOf(path: string, languageId?: string): AnalysisLanguage | undefined {
  if (languageId && BY_LANGUAGE_ID[languageId]) return BY_LANGUAGE_ID[languageId];
  return BY_EXTENSION[extensionOf(path)];
}

/** True for .tsx/.jsx (and the react language ids): the TypeScript parser needs to know, `<T>x` vs JSX. */
export function isJsxFile(path: string, languageId?: string): boolean {
  if (languageId === 'typescriptreact' || languageId === 'javascriptreact') return true;
  const ext = extensionOf(path);
  return ext === 'tsx' || ext === 'jsx';
}

const CONFIG_EXTENSIONS = new Set(['env', 'yaml', 'yml', 'json', 'jsonc', 'properties', 'ini', 'toml', 'cfg', 'conf']);

/** Config files get the "passwords in config" rule: any `name: value` whose name says secret. */
export function isConfigFile(path: string): boolean {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  if (base === '.env' || base.startsWith('.env.') || base === '.npmrc' || base === '.pypirc') return true;
  return CONFIG_EXTENSIONS.has(extensionOf(path));
}

export const MAX_BYTES = 1_000_000;
export const MAX_AVERAGE_LINE = 500;

export function skipReason(text: string, lineCount: number): SkipReason | undefined {
  if (text.length > MAX_BYTES) return 'too-large';
  if (text.length / lineCount > MAX_AVERAGE_LINE) return 'minified';
  return undefined;
}
